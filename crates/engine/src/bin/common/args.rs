//! The developer binaries' command lines, read strictly: an unknown option, a missing or
//! malformed value, or a wrong number of paths is an error with the usage (exit 2), never
//! taken as a path or ignored — a benchmark that silently ran something else is worse than none.

use std::str::FromStr;

pub struct Args {
    rest: Vec<String>,
    usage: &'static str,
}

impl Args {
    /// The process's arguments; `--help` or `-h` prints the usage and exits 0.
    pub fn from_env(usage: &'static str) -> Self {
        let rest: Vec<String> = std::env::args().skip(1).collect();
        if rest.iter().any(|a| a == "--help" || a == "-h") {
            println!("{usage}");
            std::process::exit(0);
        }
        Args { rest, usage }
    }

    pub fn fail(&self, message: &str) -> ! {
        eprintln!("{message}\n{}", self.usage);
        std::process::exit(2);
    }

    /// Whether a switch was given (once or more).
    pub fn flag(&mut self, name: &str) -> bool {
        let had = self.rest.iter().any(|a| a == name);
        self.rest.retain(|a| a != name);
        had
    }

    /// The value after an option, parsed; absent option → None, absent or bad value → error.
    pub fn value<T: FromStr>(&mut self, name: &str) -> Option<T> {
        let i = self.rest.iter().position(|a| a == name)?;
        let Some(raw) = self.rest.get(i + 1).cloned() else {
            self.fail(&format!("{name} needs a value"));
        };
        let Ok(parsed) = raw.parse() else {
            self.fail(&format!("{name}: {raw:?} is not a valid value"));
        };
        self.rest.drain(i..i + 2);
        Some(parsed)
    }

    /// What is left, once every option was taken: `min..=max` paths, no option among them.
    pub fn paths(self, min: usize, max: usize) -> Vec<String> {
        if let Some(unknown) = self.rest.iter().find(|a| a.starts_with('-')) {
            self.fail(&format!("unknown option {unknown}"));
        }
        if self.rest.len() < min || self.rest.len() > max {
            self.fail(&format!(
                "expected {min} to {max} paths, got {}",
                self.rest.len()
            ));
        }
        self.rest
    }
}

// picomatch ships no types; this is the small part of its API that discovery uses.
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean;
    basename?: boolean;
    nocase?: boolean;
  }
  function picomatch(glob: string | string[], options?: PicomatchOptions): (path: string) => boolean;
  export default picomatch;
}

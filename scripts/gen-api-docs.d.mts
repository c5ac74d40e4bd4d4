// Types of gen-api-docs.mjs for the test that keeps docs/API.md current.
export const API_DOC: string;
export function renderApiDocs(): Promise<string>;
export function typeOf(schema: Record<string, unknown> | undefined): string;

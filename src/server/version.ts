import { PACKAGE_VERSION } from '../config/package-root.js';

/** The version this server reports: the package's. */
export const SERVER_VERSION: string = PACKAGE_VERSION;

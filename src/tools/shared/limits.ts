/**
 * Arguments larger than this are refused before parsing: no schema needs that much. Here, with
 * the tools, because server_info reports it and the execution layer (above) enforces it.
 */
export const MAX_ARGUMENT_BYTES = 256 * 1024;

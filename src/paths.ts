import { fileURLToPath } from 'node:url';

/** Root of the package: compiled files live two levels down, in dist/<stage>/. */
export const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Folder of the JSON Schema files and the OpenAPI document. */
export const schemasDir = fileURLToPath(new URL('../../schemas/', import.meta.url));

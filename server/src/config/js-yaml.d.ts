// The part of js-yaml's API we use (it ships no types of its own).
declare module 'js-yaml' {
  export const JSON_SCHEMA: object;
  export function load(text: string, options?: { schema?: object; filename?: string }): unknown;
  const yaml: { load: typeof load; JSON_SCHEMA: typeof JSON_SCHEMA };
  export default yaml;
}

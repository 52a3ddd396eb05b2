// What esbuild gives for these files under `with { type: 'text' }` (docs-assets-embedded.ts): their text.
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const text: string;
  export default text;
}
declare module 'swagger-ui-dist/swagger-ui.css' {
  const text: string;
  export default text;
}

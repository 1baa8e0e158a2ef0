// Files imported as text: the build (esbuild) and the tests (Vite) both read "?raw" imports as a string.
declare module '*?raw' {
  const text: string;
  export default text;
}

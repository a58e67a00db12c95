/**
 * The few React entry points the GraphiQL page calls. The project does not install
 * @types/react; these declarations keep the page type-checked without it.
 */
declare module 'react' {
  export function createElement(type: unknown, props?: Record<string, unknown> | null, ...children: unknown[]): unknown;
  export const StrictMode: unknown;
}

declare module 'react-dom/client' {
  export interface Root {
    render(node: unknown): void;
    unmount(): void;
  }
  export function createRoot(container: Element): Root;
}

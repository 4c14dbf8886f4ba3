// Vite handles CSS and asset imports; this tells TypeScript what they are.
/// <reference types="vite/client" />

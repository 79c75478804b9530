// Types for Vite's asset imports (?url, .css) used by the consoles.
/// <reference types="vite/client" />

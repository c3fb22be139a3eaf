/** Placeholder: this package is built by a later issue. */
export {};

/** A file that cannot become a document, with the reason in words for the Secretariat. */
export class ImportError extends Error {}

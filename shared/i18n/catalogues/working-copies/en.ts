/**
 * Working copies (issue 16): a party proposes its contribution to a call in the app, on its own
 * private copy of the text. What the interface says of them, and what the server says when it
 * refuses something about them (the `msg.` patterns, shared/i18n/localise-message.ts). Merged
 * into each catalogue.
 */
export const workingCopiesEn = {
  "workingCopy.documentTitle": "{party} working copy — {title}",
  "calls.workingCopyOpen": "Propose in the app, on a working copy",
  "calls.workingCopyHint": "A private copy of the text: what you propose in it becomes your contribution when you submit it.",
  "calls.workingCopyGoTo": "Open your working copy",
  "calls.workingCopySubmit": "Submit the working copy",
  "calls.fromWorkingCopy": "proposed in the app",
  "calls.readWorkingCopy": "Read the working copy",
  "calls.withBrackets": "Paragraph {paragraph} with its author’s brackets",
  "calls.withBracketsLabel": "with its author’s brackets",
  "editor.workingCopyOwn": "Your working copy for a call for contributions. No one else reads it until the Secretariat publishes the contributions; what you propose here becomes your contribution when you submit it, until the deadline.",
  "editor.workingCopySubmit": "Submit as our contribution",
  "editor.workingCopySubmitted": "Submitted on {at, date, medium} at {at, time, short}. You may go on proposing and submit again until the deadline.",
  "editor.workingCopyToCall": "Back to the call",
  "editor.workingCopyOther": "{party}’s working copy, published with the contributions: read only.",
  "editor.notAvailable": "This document is not available to you: it does not exist, or it is not open to you (a draft the Chair and the Secretariat are preparing, or another party’s working copy).",
  "editor.invitedReader": "A draft the Secretariat is preparing, open to you to read because you are invited to contribute to it. You cannot change it here: propose your changes on your working copy, from the call.",
  "editor.invitedReaderToCalls": "Go to the call",
  "document.workingCopy": "Working copy",
  "msg.workingCopy.readOnly": "this working copy is its party’s own: you may read it, not change it",
  "msg.workingCopy.none": "you have no working copy for this call",
  "msg.workingCopy.openFirst": "you have no working copy for this call: open one and propose in it first",
  "msg.workingCopy.nothing": "your working copy proposes nothing yet: propose your amendments in it, then submit it",
  "msg.workingCopy.noParagraph": "{party}’s contribution has no paragraph {pid} from its working copy",
  "msg.workingCopy.takenTwice": "paragraphs {first} and {second} of the draft both take {party}’s paragraph {pid} from its working copy: take it once",
  "msg.workingCopy.pid": "a paragraph id (pid) of the working copy",
} as const;

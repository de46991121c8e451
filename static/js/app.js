// Small behaviours on top of htmx. No inline script anywhere: the CSP forbids it.
"use strict";

// After an editor row is swapped in over a list row, put the cursor in its first field.
document.addEventListener("htmx:after:swap", () => {
  const editor = document.querySelector(".editor-row");
  if (!editor || editor.contains(document.activeElement)) return;
  const first = editor.querySelector("input:not([type=hidden]), select, textarea");
  if (first) first.focus();
});

// A "Print" button (the festival-day report) opens the browser's print dialog.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

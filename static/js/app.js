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

// A date box (intranet/forms.py DayField) takes dd/mm/yyyy typed by hand, which works without
// JavaScript. Here it also gets a calendar button: the browser's own date picker, hidden behind
// it, whose choice is written back day first whatever the browser's language.
function addDayPicker(box) {
  if (box.dataset.dayReady || !box.dataset.day) return;
  box.dataset.dayReady = "1";
  const wrap = document.createElement("span");
  wrap.className = "day-input";
  box.replaceWith(wrap);
  const picker = Object.assign(document.createElement("input"), { type: "date", tabIndex: -1 });
  picker.className = "day-picker";
  picker.setAttribute("aria-hidden", "true");
  const button = Object.assign(document.createElement("button"), { type: "button" });
  button.title = box.dataset.day;
  button.className = "day-button secondary outline";
  button.setAttribute("aria-label", box.dataset.day);
  button.innerHTML = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" ' +
    'fill="none" stroke="currentColor" stroke-width="2"><rect x="3" y="5" width="18" height="16" ' +
    'rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/></svg>';
  wrap.append(box, button, picker);
  button.addEventListener("click", () => {
    const [d, m, y] = box.value.trim().split("/");
    if (y && y.length === 4) picker.value = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    try { picker.showPicker(); } catch { picker.focus(); }
  });
  picker.addEventListener("change", () => {
    if (!picker.value) return;
    const [y, m, d] = picker.value.split("-");
    box.value = `${d}/${m}/${y}`;
    box.dispatchEvent(new Event("input", { bubbles: true }));
    box.dispatchEvent(new Event("change", { bubbles: true }));
    box.focus();
  });
}
const addDayPickers = () => document.querySelectorAll("input[data-day]").forEach(addDayPicker);
document.addEventListener("DOMContentLoaded", addDayPickers);
document.addEventListener("htmx:after:swap", addDayPickers);

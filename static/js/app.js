// Small behaviours on top of htmx. No inline script anywhere: the CSP forbids it.
"use strict";

// ---------------------------------------------------------------------------------------
// Focus: after an editor row is swapped in over a list row because the user asked for it,
// put the cursor in its first field. A swap nobody asked for (the badge poll) moves nothing.
let userAsked = false;
document.addEventListener("pointerdown", () => { userAsked = true; }, true);
document.addEventListener("keydown", () => { userAsked = true; }, true);
let editorBefore = null;
document.addEventListener("htmx:before:swap", () => {
  editorBefore = document.querySelector(".editor-row");
});
document.addEventListener("htmx:after:swap", () => {
  const editor = document.querySelector(".editor-row");
  const asked = userAsked;
  userAsked = false;
  if (!asked || !editor || editor === editorBefore || editor.contains(document.activeElement)) return;
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

// ---------------------------------------------------------------------------------------
// Honest form state. Every form says "Sending…" and greys its buttons while it is sent, and
// says so when the network failed. Forms marked data-outbox (what a village tablet records)
// are sent by this file and kept in the browser's storage until the server confirmed them:
// the draft survives a reload, a closed browser and an ended session, and its client_token
// with it, so that sending it again never makes a second record (intranet/saving.py).

function page() { return document.querySelector(".page"); }
function say(key) {
  const block = document.getElementById("ui-text");
  try { return JSON.parse(block.dataset.text)[key] || key; } catch { return key; }
}
function userId() { return page()?.dataset.user || ""; }
function csrfToken() { return page()?.dataset.csrf || ""; }
function timeoutMs() { return 1000 * Number(page()?.dataset.sendTimeout || 20); }

// The outbox: one object per user in localStorage, keyed by the form's page (its path).
function storeKey() { return `outbox:${userId()}`; }
function loadBox() {
  if (!userId()) return {};
  try { return JSON.parse(localStorage.getItem(storeKey())) || {}; } catch { return {}; }
}
function saveBox(box) {
  if (!userId()) return;
  try { localStorage.setItem(storeKey(), JSON.stringify(box)); } catch { /* storage full */ }
}
function putItem(item) { const box = loadBox(); box[item.key] = item; saveBox(box); }
function dropItem(key) { const box = loadBox(); delete box[key]; saveBox(box); }

function fieldsOf(form, submitter) {
  const data = new FormData(form);
  if (submitter?.name) data.append(submitter.name, submitter.value);
  return [...data.entries()].filter(([name]) => name !== "csrf_token");
}

// Fields marked data-never-stored (a tip's informant, the attached photos and scans, or a
// fieldset of them) are never put in storage: a shared tablet's localStorage is readable by
// whoever picks it up, and files do not fit in it. They are sent only from the form on screen;
// a stored item records just that they were filled (withheld).
function isSecret(form, name) {
  return [...form.elements].some((c) => c.name === name
    && (c.matches("[data-never-stored]") || c.closest("[data-never-stored]")));
}
function secretsOf(form) {
  return fieldsOf(form, null).filter(([name]) => isSecret(form, name));
}
function isFilled(value) {
  return value instanceof File ? value.size > 0 : String(value).trim() !== "";
}
function filledSecrets(form) {
  return secretsOf(form).some(([, value]) => isFilled(value));
}
// What deliver() sends: the stored fields plus the secret ones still typed on screen.
function withSecrets(item, form) {
  return form ? { ...item, fields: [...item.fields, ...secretsOf(form)] } : item;
}

function snapshot(form, submitter, pending) {
  const fields = fieldsOf(form, submitter).filter(([name]) => !isSecret(form, name));
  const value = (name) => String(fields.find(([n]) => n === name)?.[1] || "").trim();
  const preview = ["title", "parties", "summary", "note", "description"].map(value).find(Boolean) || "";
  return {
    key: form.dataset.outboxKey,
    url: form.dataset.outboxKey,
    label: form.dataset.outboxLabel || document.title,
    action: form.getAttribute("action"),
    fields,
    preview: preview.slice(0, 80),
    pending,
    withheld: filledSecrets(form),
    state: pending ? "waiting" : "draft",
    updated: new Date().toISOString(),
  };
}

// A line under the form that says where it stands (role=status, read out by screen readers).
function statusOf(form) {
  let line = form.querySelector(".form-status");
  if (!line) {
    line = document.createElement("p");
    line.className = "form-status";
    line.setAttribute("role", "status");
    const actions = form.querySelector(".form-actions");
    (actions || form).before(line);
    if (!actions) form.append(line);
  }
  return line;
}
function showState(form, state, text, link) {
  const line = statusOf(form);
  line.dataset.state = state;
  line.textContent = text;
  if (link) {
    const a = document.createElement("a");
    a.href = link.href;
    a.textContent = link.text;
    a.setAttribute("role", "button");
    line.append(" ", a);
  }
}
function setBusy(form, busy) {
  form.toggleAttribute("aria-busy", busy);
  for (const button of form.querySelectorAll("button[type=submit], button:not([type])")) {
    button.disabled = busy;
  }
}

// Send one stored form. The answer is "saved" (the server redirected to the saved record),
// "offline" (no answer in time), "server" (5xx, 429), "signed_out", "cancelled" (the person
// pressed "Cancel sending" while files were going up), or "refused" (422/409/400/413: its page,
// with the marked fields). With files and the form on screen it goes through upload() below,
// which shows how much is sent and offers to cancel.
async function deliver(item, form) {
  // Chosen files go as multipart, as the form would post them; text alone as urlencoded.
  const files = item.fields.some(([, value]) => value instanceof File && value.size > 0);
  const body = files ? new FormData() : new URLSearchParams();
  for (const [name, value] of item.fields) {
    if (!(value instanceof File) || value.size > 0) body.append(name, value);
  }
  body.set("csrf_token", csrfToken());
  if (files && form) {
    const answer = await upload(form, item.action, body);
    if (answer.outcome) return answer;
    return outcomeOf(answer.status, answer.url, answer.redirected, answer.html);
  }
  let response;
  let html;
  try {
    response = await fetch(item.action, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken() },
      signal: AbortSignal.timeout(timeoutMs()),
    });
    html = await response.text();
  } catch {
    return { outcome: "offline" };
  }
  return outcomeOf(response.status, response.url, response.redirected, html);
}

function outcomeOf(status, url, redirected, html) {
  const landed = new URL(url, location.href);
  if (landed.pathname === "/login") return { outcome: "signed_out" };
  if (status >= 500 || status === 429) return { outcome: "server" };
  if (status >= 200 && status < 300 && redirected) return { outcome: "saved", html, url };
  return { outcome: "refused", html, url };
}

// ---------------------------------------------------------------------------------------
// Files going up on a slow network (issue 16): a form with chosen files is sent with
// XMLHttpRequest, whose upload reports its progress, under a bar saying how much of how much
// is sent and a "Cancel sending" button. Cancelling aborts the request: the form stays as it
// is, everything typed and the files chosen, and says plainly that nothing was sent. Sending
// again posts the same client_token, so a request the server did finish is saved once only.
function readableSize(size) {
  const lang = document.documentElement.lang || "vi";
  if (size < 1024 * 1024) return `${Math.max(1, Math.round(size / 1024)).toLocaleString(lang)} KB`;
  return `${(size / (1024 * 1024)).toLocaleString(lang, { maximumFractionDigits: 1 })} MB`;
}

function progressOf(form) {
  let box = form.querySelector(".upload-progress");
  if (!box) {
    box = document.createElement("div");
    box.className = "upload-progress";
    const bar = document.createElement("progress");
    const text = document.createElement("span");
    text.setAttribute("role", "status");
    const cancel = Object.assign(document.createElement("button"), { type: "button" });
    cancel.className = "secondary outline cancel-upload";
    cancel.textContent = say("cancel_upload");
    box.append(bar, text, cancel);
    const actions = form.querySelector(".form-actions") || form.querySelector("button[type=submit], button:not([type])");
    (actions || form.lastElementChild).before(box);
  }
  box.hidden = false;
  return box;
}

function upload(form, action, body) {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const box = progressOf(form);
    const [bar, text, cancel] = box.children;
    const show = (loaded, total) => {
      bar.max = total || 1;
      bar.value = loaded;
      text.textContent = say("uploading")
        .replace("%(sent)s", readableSize(loaded)).replace("%(total)s", readableSize(total));
    };
    const done = (answer) => { box.hidden = true; cancel.onclick = null; resolve(answer); };
    show(0, 0);
    xhr.open("POST", action);
    xhr.setRequestHeader("X-CSRFToken", csrfToken());
    xhr.upload.onprogress = (event) => { if (event.lengthComputable) show(event.loaded, event.total); };
    xhr.onload = () => {
      const asked = new URL(action, location.href).href;
      done({ status: xhr.status, html: xhr.responseText, url: xhr.responseURL, redirected: xhr.responseURL !== asked });
    };
    xhr.onerror = () => done({ outcome: "offline" });
    xhr.ontimeout = () => done({ outcome: "offline" });
    xhr.onabort = () => done({ outcome: "cancelled" });
    cancel.disabled = false;
    cancel.onclick = () => xhr.abort();
    xhr.send(body);
  });
}

function hasChosenFiles(form) {
  return [...form.querySelectorAll("input[type=file]")].some((input) => input.files.length > 0);
}

// A form with files that is not an outbox form (an award, a team's decision, files added to a
// tip or a case): sent here, before htmx or the browser, so that it too shows its progress.
const uploading = new WeakSet();
window.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.matches("[data-outbox]")) return;
  if (form.method !== "post" || !window.FormData || !hasChosenFiles(form)) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  if (uploading.has(form)) return;
  uploading.add(form);
  const body = new FormData(form);
  if (event.submitter?.name) body.append(event.submitter.name, event.submitter.value);
  form.querySelector(".form-status")?.remove();
  setBusy(form, true);
  const answer = await upload(form, form.getAttribute("action") || location.href, body);
  uploading.delete(form);
  setBusy(form, false);
  if (answer.outcome === "cancelled") showState(form, "cancelled", say("upload_cancelled"));
  else if (answer.outcome) showState(form, "offline", say("offline_plain"));
  else if (new URL(answer.url, location.href).pathname === "/login") location.assign(answer.url);
  else showPage(answer.html, answer.url);
}, true);

// Put a page the server answered in place of this one, as a boosted link would.
function showPage(html, url) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  if (url) history.replaceState(null, "", url);
  document.title = doc.title;
  document.body.innerHTML = doc.body.innerHTML;
  if (window.htmx) window.htmx.process(document.body);
  window.scrollTo(0, 0);
  pageChanged();
}

const inFlight = new Set();

async function sendForm(form, submitter) {
  const item = snapshot(form, submitter, true);
  item.state = "sending";
  putItem(item);
  inFlight.add(item.key);
  setBusy(form, true);
  showState(form, "sending", say("sending"));
  const answer = await deliver(withSecrets(item, form), form);
  inFlight.delete(item.key);
  settle(item, answer, form);
}

// What an answer means for the stored item, the form on screen and the outbox list.
function settle(item, answer, form) {
  if (form && !form.isConnected) form = null;
  if (form) setBusy(form, false);
  if (answer.outcome === "saved") {
    dropItem(item.key);
    if (form) { showPage(answer.html, answer.url); return; }
    renderOutbox(say("sent").replace("%(label)s", item.label));
    return;
  }
  const stored = loadBox()[item.key];
  if (!stored) return;
  if (answer.outcome === "cancelled") {
    // The person stopped it: a draft again, never sent behind their back by flush().
    stored.pending = false;
    stored.state = "draft";
    putItem(stored);
    if (form) showState(form, "cancelled", say("upload_cancelled"));
    renderOutbox();
    return;
  }
  if (answer.outcome === "refused") {
    stored.pending = false;
    stored.state = "needs_fix";
    putItem(stored);
    if (form) {
      const doc = new DOMParser().parseFromString(answer.html, "text/html");
      const main = doc.querySelector("main");
      if (main) {
        document.querySelector("main").innerHTML = main.innerHTML;
        for (const fresh of document.querySelectorAll("form[data-outbox]")) fresh.dataset.restored = "1";
        if (window.htmx) window.htmx.process(document.querySelector("main"));
      }
    }
    renderOutbox();
    return;
  }
  stored.state = answer.outcome === "signed_out" ? "signed_out" : "waiting";
  putItem(stored);
  if (form) {
    if (answer.outcome === "signed_out") {
      // The header must not go on saying who is signed in.
      document.querySelector(".site-tools .who")?.remove();
      document.querySelector(".site-tools form[action$='/logout']")?.remove();
      const next = encodeURIComponent(location.pathname);
      showState(form, "signed_out", say("signed_out"), { href: `/login?next=${next}`, text: say("sign_in") });
    } else {
      showState(form, "offline", say(answer.outcome === "server" ? "server" : "offline"));
    }
  }
  renderOutbox();
}

// Send again whatever waits, when the network comes back and every half minute. An item whose
// informant was withheld from storage goes only from its form on screen with the informant
// still typed in; sent from storage it would silently lose the informant.
async function flush() {
  if (!userId() || !navigator.onLine) return;
  for (const item of Object.values(loadBox())) {
    if (!item.pending || inFlight.has(item.key)) continue;
    const form = document.querySelector(`form[data-outbox-key="${CSS.escape(item.key)}"]`);
    if (item.withheld && !(form && filledSecrets(form))) continue;
    inFlight.add(item.key);
    if (form) { setBusy(form, true); showState(form, "sending", say("sending")); }
    const answer = await deliver(withSecrets(item, form), form);
    inFlight.delete(item.key);
    settle(item, answer, form);
    if (answer.outcome !== "saved" && answer.outcome !== "refused") break;
  }
}
window.addEventListener("online", flush);
setInterval(flush, 30_000);

// Outbox forms are sent here, before htmx sees the submit (window, capture phase).
window.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.matches("[data-outbox]") || !userId()) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  if (inFlight.has(form.dataset.outboxKey)) return;
  sendForm(form, event.submitter);
}, true);

// Typing keeps a draft (not pending: it is sent only when the user says so).
function keepDraft(event) {
  const form = event.target.closest?.("form[data-outbox]");
  if (!form || !userId()) return;
  const stored = loadBox()[form.dataset.outboxKey];
  const item = snapshot(form, null, stored?.pending || false);
  if (stored?.pending) item.state = stored.state;
  // Still withheld until the person sends it from the form (the informant retyped, or left out).
  item.withheld ||= Boolean(stored?.withheld);
  if (stored?.fields.find(([n]) => n === "then")) item.fields.push(stored.fields.find(([n]) => n === "then"));
  putItem(item);
}
document.addEventListener("input", keepDraft);
document.addEventListener("change", keepDraft);

// A form whose page has a stored draft gets it back, with the draft's token.
function restore(form) {
  if (form.dataset.restored) return;
  form.dataset.restored = "1";
  const item = loadBox()[form.dataset.outboxKey];
  if (!item) return;
  const names = new Set(item.fields.map(([n]) => n));
  for (const control of form.elements) {
    if (!control.name || control.name === "csrf_token" || !names.has(control.name)) {
      if (control.type === "checkbox" && control.name) control.checked = false;
      continue;
    }
    const values = item.fields.filter(([n]) => n === control.name).map(([, v]) => v);
    if (control.type === "checkbox" || control.type === "radio") control.checked = values.includes(control.value);
    else if (control.tagName !== "BUTTON") control.value = values[0];
  }
  if (item.withheld) showState(form, "withheld", say("withheld_form"));
  else if (item.state === "signed_out" || item.state === "waiting") showState(form, "offline", say("offline"));
  else if (item.state !== "needs_fix") showState(form, "restored", say("restored"));
}

// The village page's list of what is not sent yet.
function renderOutbox(notice) {
  const section = document.querySelector("[data-outbox-list]");
  if (!section) return;
  const list = section.querySelector("ul");
  const items = Object.values(loadBox()).sort((a, b) => a.updated.localeCompare(b.updated));
  list.replaceChildren();
  for (const item of items) {
    const li = document.createElement("li");
    li.className = "outbox-item";
    li.dataset.state = item.state;
    const what = document.createElement("div");
    const title = document.createElement("strong");
    title.textContent = item.label;
    const state = document.createElement("small");
    state.textContent = item.withheld && item.state !== "sending" ? say("withheld") : {
      waiting: say("waiting"), sending: say("sending"), signed_out: say("signed_out"),
      needs_fix: say("needs_fix"), draft: say("draft"),
    }[item.state] || say("draft");
    what.append(title, " ", item.preview ? `— ${item.preview}` : "", document.createElement("br"), state);
    const actions = document.createElement("div");
    actions.className = "outbox-actions";
    if (item.pending && !item.withheld) {
      const again = document.createElement("button");
      again.type = "button";
      again.dataset.resend = item.key;
      again.textContent = say("resend");
      again.disabled = inFlight.has(item.key);
      actions.append(again);
    }
    const open = document.createElement("a");
    open.href = item.url;
    open.setAttribute("role", "button");
    open.className = "secondary outline";
    open.textContent = say("open");
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "secondary outline";
    discard.dataset.discard = item.key;
    discard.textContent = say("discard");
    discard.disabled = inFlight.has(item.key);
    actions.append(open, discard);
    li.append(what, actions);
    list.append(li);
  }
  const line = section.querySelector("[role=status]");
  if (notice) line.textContent = notice;
  section.hidden = items.length === 0 && !line.textContent;
}

// "Discard": the person decides not to send it; asked once, as nothing brings it back.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-discard]");
  if (!button || inFlight.has(button.dataset.discard) || !window.confirm(say("discard_confirm"))) return;
  dropItem(button.dataset.discard);
  renderOutbox();
});

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-resend]");
  if (!button) return;
  const item = loadBox()[button.dataset.resend];
  if (!item || item.withheld || inFlight.has(item.key)) return;
  inFlight.add(item.key);
  item.state = "sending";
  putItem(item);
  renderOutbox();
  const answer = await deliver(item);
  inFlight.delete(item.key);
  settle(item, answer, null);
});

function pageChanged() {
  for (const form of document.querySelectorAll("form[data-outbox]")) restore(form);
  renderOutbox();
}

// Forms htmx sends (every other form, boosted or not): the same honest state, no outbox.
function formOf(event) {
  const source = event.detail?.ctx?.sourceElement || event.target;
  return source?.closest?.("form") || null;
}
document.addEventListener("htmx:before:request", (event) => {
  const form = formOf(event);
  if (!form || (form.method !== "post" && !form.hasAttribute("hx-post"))) return;
  form.querySelector(".form-status")?.remove();
  setBusy(form, true);
  showState(form, "sending", say("sending"));
});
document.addEventListener("htmx:finally:request", (event) => {
  const form = formOf(event);
  if (!form || !form.isConnected) return;
  setBusy(form, false);
  const line = form.querySelector(".form-status");
  if (line?.dataset.state === "sending") line.remove();
});
document.addEventListener("htmx:error", (event) => {
  const form = formOf(event);
  if (form && form.isConnected) showState(form, "offline", say("offline_plain"));
});

document.addEventListener("htmx:after:settle", pageChanged);
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => { pageChanged(); flush(); });
else { pageChanged(); flush(); }

// Pages may be kept in the back/forward cache (Cache-Control: private, no-cache; tip, police
// and account pages are no-store). After a sign-out on this browser, a page shown again from
// that cache is reloaded, so the server decides what a signed-out visitor sees.
window.addEventListener("submit", (event) => {
  const action = event.target.getAttribute?.("action") || "";
  if (action.endsWith("/logout")) localStorage.setItem("signed-out-at", String(Date.now()));
}, true);
window.addEventListener("pageshow", (event) => {
  const signedOut = Number(localStorage.getItem("signed-out-at") || 0);
  if (event.persisted && signedOut > performance.timeOrigin) location.reload();
});

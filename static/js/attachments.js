// Photos made small in the browser before they are sent (issue 16): on 3G a phone's 5-12 MB
// originals get cut off. When photos are chosen in a file input named "attachments", each
// JPEG, PNG or WebP is drawn upright on a canvas at most 1600 px on its long side and taken
// back as a JPEG at 80 %: a new file, so no EXIF (GPS, device, owner) leaves the phone. A
// <progress> shows how far it got, and the form's buttons wait until it is done. Without
// JavaScript, or when the browser cannot decode a photo, the original is sent and the server
// does the same work (intranet/evidence.py); the server re-encodes every image either way.
"use strict";

(() => {
  const LONG_SIDE = 1600;
  const QUALITY = 0.8;
  const SMALL_ENOUGH = 600 * 1024; // a photo already this small and within 1600 px is kept
  const SCALABLE = /^image\/(jpeg|png|webp)$/;

  const readable = (size) => {
    const lang = document.documentElement.lang || "vi";
    if (size < 1024 * 1024) return `${Math.max(1, Math.round(size / 1024)).toLocaleString(lang)} KB`;
    const value = (size / (1024 * 1024)).toLocaleString(lang, { maximumFractionDigits: 1 });
    return `${value} MB`;
  };

  async function scaled(file) {
    if (!SCALABLE.test(file.type) || !window.createImageBitmap) return file;
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch {
      return file; // not decodable here: the server decides (and explains a refusal)
    }
    const ratio = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    if (ratio === 1 && file.size <= SMALL_ENOUGH && file.type === "image/jpeg") {
      bitmap.close();
      return file;
    }
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * ratio));
    canvas.height = Math.max(1, Math.round(bitmap.height * ratio));
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // transparency on white, as the server does
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
    if (!blob) return file;
    const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
    return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
  }

  function statusFor(input) {
    let status = input.parentElement.querySelector(".scaling-status");
    if (!status) {
      status = document.createElement("div");
      status.className = "scaling-status";
      status.setAttribute("role", "status");
      status.append(document.createElement("progress"), document.createElement("span"));
      input.insertAdjacentElement("afterend", status);
    }
    return status;
  }

  document.addEventListener("change", async (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    if (input.name !== "attachments" || !window.DataTransfer || !input.files.length) return;
    const files = Array.from(input.files);
    if (!files.some((file) => SCALABLE.test(file.type))) return;
    const buttons = input.form ? Array.from(input.form.querySelectorAll("button")) : [];
    const status = statusFor(input);
    const [bar, text] = status.children;
    bar.max = files.length;
    bar.value = 0;
    text.textContent = input.dataset.scaling || "";
    status.hidden = false;
    buttons.forEach((button) => (button.disabled = true));
    const results = [];
    try {
      for (const file of files) {
        results.push(await scaled(file));
        bar.value = results.length;
      }
      const chosen = new DataTransfer();
      results.forEach((file) => chosen.items.add(file));
      input.files = chosen.files; // no change event: this handler does not run again
      const before = files.reduce((sum, file) => sum + file.size, 0);
      const after = results.reduce((sum, file) => sum + file.size, 0);
      text.textContent = (input.dataset.scaled || "")
        .replace("%(before)s", readable(before))
        .replace("%(after)s", readable(after));
    } finally {
      buttons.forEach((button) => (button.disabled = false));
    }
  });
})();

// A printed page says the day it was printed (the HTML may come from a cache: the day is the reader's).
window.addEventListener("beforeprint", () => {
  const line = document.querySelector("[data-printed-on]");
  if (!line) return;
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  line.querySelector("span").textContent = `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
  line.hidden = false;
});

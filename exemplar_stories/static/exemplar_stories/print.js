// "Print" link: opens the browser's print dialog; without JavaScript it is a plain link.
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-print]");
  if (link) {
    event.preventDefault();
    window.print();
  }
});

// The header's menu button on small screens (CSS hides the menu while aria-expanded is
// "false"; at wider widths the button is not shown and the menu is always visible).
document.addEventListener("click", function (event) {
  var toggle = event.target.closest && event.target.closest(".nav-toggle");
  if (!toggle) { return; }
  var open = toggle.getAttribute("aria-expanded") === "true";
  toggle.setAttribute("aria-expanded", open ? "false" : "true");
});
// Escape closes an open menu and returns focus to its button.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") { return; }
  var toggle = document.querySelector(".nav-toggle[aria-expanded='true']");
  if (toggle) {
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }
});

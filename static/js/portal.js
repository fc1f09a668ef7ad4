// Small behaviours without inline script (CSP: script-src 'self').
// Destructive actions ask first: <form data-confirm="Are you sure?">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
// htmx sends the CSRF token from the cookie-less meta tag.
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
});
// A form came back with errors: move focus to its summary, so screen readers read it and
// keyboard users start from the list of links to the fields (WCAG 3.3.1). After an htmx
// swap too, when the new content brings a summary.
function focusErrorSummary(root) {
  var summary = (root || document).querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
}
document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
// A link in the summary moves focus to the field itself, not only the scroll position.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
  var field = link && document.getElementById(link.getAttribute("href").slice(1));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({block: "center"});
  }
});

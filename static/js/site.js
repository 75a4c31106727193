/* Quick exit: the button, and Shift pressed three times within five seconds.
   The page is blanked first, then replaced in history, so Back does not return. */
(function () {
  "use strict";

  var WINDOW_MS = 5000;
  var PRESSES_NEEDED = 3;
  var presses = [];
  var shiftDown = false;
  var otherKeyWhileShift = false;

  function leave(exitUrl) {
    document.documentElement.classList.add("leaving");
    document.title = "";
    window.location.replace(exitUrl);
  }

  function exitUrl() {
    var link = document.querySelector("[data-quick-exit]");
    return link ? link.getAttribute("href") : "/exit";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) {
      event.preventDefault();
      leave(link.getAttribute("href"));
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Shift") {
      if (!event.repeat) {
        shiftDown = true;
        otherKeyWhileShift = false;
      }
      return;
    }
    // Shift with another key is typing (a capital letter), not a request to leave
    otherKeyWhileShift = shiftDown;
    presses = [];
  }, true);

  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") return;
    shiftDown = false;
    if (otherKeyWhileShift) return;
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= PRESSES_NEEDED) {
      presses = [];
      leave(exitUrl());
    }
  }, true);

  // A form came back with problems: focus their summary, so the first thing read and seen is what
  // to fix (the GOV.UK error summary pattern); its links lead to each field.
  function focusErrorSummary(root) {
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    return Boolean(summary);
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
  });

  // After an htmx swap, move focus to the new content's status message when there is one,
  // so a screen reader user hears what changed.
  document.addEventListener("htmx:afterSettle", function (event) {
    var swapped = event.target;
    if (focusErrorSummary(swapped)) return;
    var status = swapped.matches("[role=status]") ? swapped : swapped.querySelector("[role=status]");
    if (status) {
      status.setAttribute("tabindex", "-1");
      status.focus();
    }
  });
})();

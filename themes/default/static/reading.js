/* 适老化 (the MIIT guidelines for public-service sites): larger text and high
   contrast, switched by the header's buttons and kept across pages (localStorage).
   Loaded in <head>, so a page opens already in the reader's choice. */
(function () {
  "use strict";
  var root = document.documentElement;
  var CHOICES = ["text-large", "contrast-high"];

  function stored(choice) {
    try { return window.localStorage.getItem("sitegen." + choice) === "1"; } catch (e) { return false; }
  }
  function keep(choice, on) {
    try { window.localStorage.setItem("sitegen." + choice, on ? "1" : "0"); } catch (e) { /* private mode */ }
  }

  CHOICES.forEach(function (choice) { root.classList.toggle(choice, stored(choice)); });

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("button[data-reading]");
    Array.prototype.forEach.call(buttons, function (button) {
      var choice = button.getAttribute("data-reading");
      if (CHOICES.indexOf(choice) < 0) { return; }
      button.setAttribute("aria-pressed", String(root.classList.contains(choice)));
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.classList.contains(choice);
        root.classList.toggle(choice, on);
        button.setAttribute("aria-pressed", String(on));
        keep(choice, on);
      });
    });
  });
})();

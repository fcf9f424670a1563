/* Newsroom desk, on the story's edit page:
   - a workflow button pressed with unsaved changes in the form asks before they are lost;
   - the "also working on this story" box refreshes every 30 seconds. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var storyForm = document.getElementById("article_form");
  var dirty = false;
  if (storyForm) {
    var markDirty = function (event) { if (event.isTrusted) { dirty = true; } };
    storyForm.addEventListener("input", markDirty);
    storyForm.addEventListener("change", markDirty);
    storyForm.addEventListener("submit", function () { dirty = false; });
    if (window.django && window.django.jQuery) {  // select2 (section, credits, tags) speaks jQuery
      window.django.jQuery(storyForm).on("select2:select select2:unselect", function () { dirty = true; });
    }
  }
  document.querySelectorAll("form.nr-action").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var label = form.querySelector("button[type=submit]").textContent;
      if (dirty && !window.confirm("You have unsaved changes in the story. “" + label + "” would lose them.\n\n" +
                                   "Press Cancel, then Save, to keep them.")) {
        event.preventDefault();
      }
    });
  });

  var box = document.querySelector(".nr-presence[data-url]");
  if (!box || !window.fetch) { return; }
  var refresh = function () {
    fetch(box.dataset.url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var list = box.querySelector("ul");
        list.textContent = "";
        data.others.forEach(function (line) {
          var item = document.createElement("li");
          item.textContent = line;
          list.appendChild(item);
        });
        box.hidden = data.others.length === 0;
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ });
  };
  window.setInterval(refresh, 30000);
});

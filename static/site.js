// Clause Atlas: progressive enhancement only. Every page works without it.
(function () {
  "use strict";

  // Copy button for citation records. The citation text stays selectable
  // without JavaScript; the button adds today's date as the access date.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }
  function copy(text, done) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    done(false);
  }
  var blocks = document.querySelectorAll("[data-citation]");
  for (var i = 0; i < blocks.length; i++) {
    (function (block) {
      var source = block.querySelector(".cite-text");
      if (!source) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy citation";
      var status = document.createElement("span");
      status.className = "meta";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        var text = source.textContent.trim() + " Accessed " + today() + ".";
        copy(text, function (ok) {
          status.textContent = ok ? " Copied, with today's date as the access date." : " Select the text above to copy it.";
        });
      });
      var p = document.createElement("p");
      p.appendChild(button);
      p.appendChild(status);
      source.parentNode.insertBefore(p, source.nextSibling);
    })(blocks[i]);
  }
})();

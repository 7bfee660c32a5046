// Live reload for `atlas serve`. The preview server adds this script to the
// pages it serves; it is never part of the built site. It listens to the
// server's events: a new build reloads the page, a failed build shows its
// problems in an overlay, built with DOM calls only (the site's CSP allows
// no inline script or style).
(function () {
  'use strict';
  var ID = 'atlas-live-overlay';
  var HELP = 'The preview still shows the last good build. Fix the files below and save: this page reloads by itself.';
  var meta = document.querySelector('meta[name="atlas-build"]');
  var build = meta ? meta.getAttribute('content') : '';
  var returnFocus = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function hide() {
    var o = document.getElementById(ID);
    if (!o) return;
    o.parentNode.removeChild(o);
    if (returnFocus && document.contains(returnFocus) && returnFocus.focus) returnFocus.focus();
    returnFocus = null;
  }

  // wire makes the overlay behave as a modal alert dialog: focus moves
  // into it, stays in it, and Escape or the button hides it.
  function wire(o) {
    var close = o.querySelector('.atlas-live-close');
    if (close) close.addEventListener('click', hide);
    o.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') {
        e.preventDefault();
        hide();
      } else if (e.key === 'Tab' && close) {
        e.preventDefault();
        (document.activeElement === close ? o : close).focus();
      }
    });
    o.focus();
  }

  function show(problems) {
    var old = document.getElementById(ID);
    var o = el('div', 'atlas-live');
    o.id = ID;
    o.setAttribute('role', 'alertdialog');
    o.setAttribute('aria-modal', 'true');
    o.setAttribute('aria-labelledby', 'atlas-live-title');
    o.setAttribute('aria-describedby', 'atlas-live-help');
    o.tabIndex = -1;
    var box = el('div', 'atlas-live-box');
    var n = problems.length;
    var title = el('h2', 'atlas-live-title', 'The atlas has ' + n + (n === 1 ? ' problem' : ' problems'));
    title.id = 'atlas-live-title';
    var help = el('p', 'atlas-live-help', HELP);
    help.id = 'atlas-live-help';
    var list = el('ul', 'atlas-live-list');
    for (var i = 0; i < n; i++) {
      var li = el('li');
      li.appendChild(el('code', null, problems[i]));
      list.appendChild(li);
    }
    var close = el('button', 'atlas-live-close', 'Hide');
    close.type = 'button';
    box.appendChild(title);
    box.appendChild(help);
    box.appendChild(list);
    box.appendChild(close);
    o.appendChild(box);
    if (old) {
      old.parentNode.replaceChild(o, old);
    } else {
      returnFocus = document.activeElement;
      document.body.insertBefore(o, document.body.firstChild);
    }
    wire(o);
  }

  var injected = document.getElementById(ID);
  if (injected) {
    returnFocus = document.activeElement;
    wire(injected);
  }

  if (!window.EventSource) return;
  var events = new EventSource('/__atlas/events');
  events.addEventListener('state', function (e) {
    var s = JSON.parse(e.data);
    if (s.build !== build) {
      location.reload();
      return;
    }
    if (s.problems.length) show(s.problems);
    else hide();
  });
  events.addEventListener('reload', function () {
    location.reload();
  });
  events.addEventListener('problems', function (e) {
    show(JSON.parse(e.data).problems);
  });
})();

// Behaviour shared by every page. Pages work without it; it only adds
// what a browser with JavaScript can do better.
(function () {
  'use strict';
  // htmx requests that change something carry the session's CSRF token,
  // as the server requires of every unsafe request made with the cookie.
  document.addEventListener('htmx:configRequest', function (e) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      e.detail.headers['X-CSRF-Token'] = meta.content;
    }
  });

  // The menu's groups (layout.html): on a wide screen a group is a panel
  // over the page, so only one is open, none at first, and a click
  // elsewhere or Escape closes it. A phone keeps the current group open.
  var wide = window.matchMedia('(min-width: 720px)');
  var groups = Array.prototype.slice.call(document.querySelectorAll('details.nav-group'));
  function closeAll(except) {
    groups.forEach(function (g) {
      if (g !== except) {
        g.open = false;
      }
    });
  }
  if (wide.matches) {
    closeAll(null);
  }
  groups.forEach(function (g) {
    g.addEventListener('toggle', function () {
      if (g.open && wide.matches) {
        closeAll(g);
      }
    });
  });
  document.addEventListener('click', function (e) {
    if (wide.matches && !e.target.closest('details.nav-group')) {
      closeAll(null);
    }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && wide.matches) {
      closeAll(null);
    }
  });
})();

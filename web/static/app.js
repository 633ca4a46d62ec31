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
})();

// A volunteer's GPS check-in: the form asks the phone where it is and
// sends the point; the server decides whether it is inside the activity's
// radius. Without a position the server says so (and the QR code works).
(function () {
  'use strict';
  var forms = document.querySelectorAll('form.vol-gps');
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener('submit', function (ev) {
      if (form.dataset.located === '1' || !('geolocation' in navigator)) {
        return;
      }
      ev.preventDefault();
      var done = function () { form.dataset.located = '1'; form.submit(); };
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.elements.lng.value = pos.coords.longitude.toFixed(6);
        form.elements.lat.value = pos.coords.latitude.toFixed(6);
        done();
      }, done, { enableHighAccuracy: true, timeout: 15000, maximumAge: 30000 });
    });
  });
}());

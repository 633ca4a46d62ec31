// The visit form attaches the phone's position when the browser gives one;
// a visit without it is still recorded.
(function () {
  'use strict';
  var form = document.getElementById('visit-form');
  if (!form || !('geolocation' in navigator)) {
    return;
  }
  navigator.geolocation.getCurrentPosition(function (pos) {
    document.getElementById('visit-lat').value = pos.coords.latitude.toFixed(6);
    document.getElementById('visit-lng').value = pos.coords.longitude.toFixed(6);
  }, function () {}, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  var desc = document.getElementById('visit-desc');
  var tick = document.getElementById('visit-file-order');
  if (desc && tick) {
    desc.addEventListener('input', function () { tick.checked = desc.value.trim() !== ''; });
  }
}());

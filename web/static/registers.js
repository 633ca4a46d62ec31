// The units and facilities page: "use my position" fills the new
// facility's longitude and latitude from the phone.
(function () {
  var here = document.getElementById('f-here');
  if (!here || !navigator.geolocation) return;
  here.hidden = false;
  here.addEventListener('click', function () {
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById('f-lng').value = pos.coords.longitude.toFixed(6);
      document.getElementById('f-lat').value = pos.coords.latitude.toFixed(6);
    }, function () {}, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
(function () {
  var sel = document.getElementById('reg-state');
  if (sel) sel.addEventListener('change', function () { sel.form.submit(); });
})();

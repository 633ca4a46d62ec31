// The map of a 小区's renovation: the covered buildings as dots on a plain
// background (or on tiles when the server has a tile URL), so it works
// with no network. Everything comes from #project-map's data-map.
(function () {
  'use strict';
  var el = document.getElementById('project-map');
  if (!el || !window.L) {
    return;
  }
  var d;
  try {
    d = JSON.parse(el.dataset.map || '{}');
  } catch (e) {
    return;
  }
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: !!d.tileUrl, scrollWheelZoom: false });
  if (d.tileUrl) {
    L.tileLayer(d.tileUrl, { attribution: d.tileAttribution || '', maxZoom: 19 }).addTo(map);
  } else {
    el.classList.add('no-tiles');
  }
  var pts = (d.points || []).map(function (p) { return [p[1], p[0]]; });
  pts.forEach(function (p) {
    L.circleMarker(p, { radius: 7, color: '#b5462b', weight: 2, fillColor: '#e8735a', fillOpacity: 0.85 }).addTo(map);
  });
  if (pts.length > 1) {
    map.fitBounds(L.latLngBounds(pts).pad(0.3));
  } else if (d.center && (d.center[0] || d.center[1])) {
    map.setView([d.center[1], d.center[0]], 17);
  } else {
    map.setView([38, 110], 4);
  }
})();

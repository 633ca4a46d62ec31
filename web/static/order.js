// The order page: a small map of the order's point over the grids of its
// community (on the offline base layer; tiles only when configured, civicmap.js), and the dispatch
// form's department fields shown only when a department is the target.
(function () {
  'use strict';

  function orderMap() {
    var el = document.getElementById('order-map');
    if (!el || !window.civicMap) {
      return;
    }
    var ds = el.dataset;
    var lat = parseFloat(ds.lat), lng = parseFloat(ds.lng);
    var map = civicMap(el, { leaflet: { zoomSnap: 1, scrollWheelZoom: false }, view: [lat, lng], zoom: 16 });
    var point = L.circleMarker([lat, lng], { radius: 8, color: '#ffffff', weight: 2, fillColor: '#d64545', fillOpacity: 1 });
    if (ds.under) {
      civicMap.json('/ui/grids.geojson?under=' + encodeURIComponent(ds.under))
        .then(function (gj) {
          var layer = L.geoJSON(gj, {
            style: function (f) {
              var mine = f.properties && f.properties.code === ds.grid;
              return { color: mine ? '#102a43' : '#ffffff', weight: mine ? 3 : 1, fillColor: mine ? '#ffdd00' : '#4e79a7', fillOpacity: mine ? 0.5 : 0.25 };
            }
          }).addTo(map);
          point.bringToFront();
          if (layer.getBounds().isValid()) {
            map.fitBounds(layer.getBounds(), { maxZoom: 17 });
          }
        })
        .catch(function () { /* the point alone still shows */ });
    }
    point.addTo(map);
  }

  function dispatchForms() {
    var selects = document.querySelectorAll('select.order-level');
    Array.prototype.forEach.call(selects, function (sel) {
      var form = sel.form;
      function sync() {
        var dept = sel.value === 'department';
        Array.prototype.forEach.call(form.querySelectorAll('.order-dept'), function (el) { el.hidden = !dept; });
      }
      sel.addEventListener('change', sync);
      sync();
    });
  }

  // After a failed form, take the user to the first field to fix.
  function focusError() {
    var bad = document.querySelector('.order-action [aria-invalid="true"], .order-reveal [aria-invalid="true"]');
    if (bad) {
      bad.focus();
    }
  }

  orderMap();
  dispatchForms();
  focusError();
})();

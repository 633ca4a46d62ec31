// The resident's report form: a map to pin where the problem is (the grid
// under the pin is shown at once, from /report/place), and the category
// list's "another category" choice. The form works without it: address
// and community instead of the pin.
(function () {
  'use strict';

  // The category chosen, remembered across the suggestion list's swaps: a
  // list asked for before the choice must not undo it when it arrives.
  function currentChoice() {
    var radio = document.querySelector('#report-categories input[name=category]:checked');
    var all = document.getElementById('report-category-all');
    if (radio && radio.value) {
      return radio.value;
    }
    return all ? all.value : '';
  }
  var chosen = currentChoice();

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (!t || !t.closest || !t.closest('#report-categories')) {
      return;
    }
    // Choosing in the full list means "another category".
    if (t.id === 'report-category-all' && t.value) {
      var other = document.getElementById('report-cat-other');
      if (other) {
        other.checked = true;
      }
    }
    chosen = currentChoice();
  });

  function restoreChoice() {
    var box = document.getElementById('report-categories');
    if (!box || !chosen) {
      return;
    }
    var radio = null;
    box.querySelectorAll('input[name=category]').forEach(function (r) {
      if (r.value === chosen) {
        radio = r;
      }
    });
    if (radio) {
      radio.checked = true;
    } else {
      var all = document.getElementById('report-category-all');
      var other = document.getElementById('report-cat-other');
      if (all) {
        all.value = chosen;
      }
      if (other) {
        other.checked = true;
      }
    }
    // The extra fields follow the choice (their request may have been
    // dropped with the element that sent it).
    var fields = document.querySelector('#report-fields [data-category]');
    if (window.htmx && (!fields || fields.dataset.category !== chosen)) {
      htmx.ajax('GET', '/report/fields?category=' + encodeURIComponent(chosen), { target: '#report-fields', swap: 'innerHTML' });
    }
  }
  document.addEventListener('htmx:afterSettle', function (e) {
    if (e.target && e.target.id === 'report-categories') {
      restoreChoice();
    }
  });

  // After a refused submit, the first input to correct has the cursor
  // (the alert above the form says why).
  if (document.getElementById('report-alert')) {
    var bad = document.querySelector('#report-form [aria-invalid="true"]');
    if (bad) {
      bad.focus();
    }
  }

  var el = document.getElementById('report-map');
  if (!el || !window.civicMap) {
    return;
  }
  var ds = el.dataset;
  var lat = document.getElementById('report-lat');
  var lng = document.getElementById('report-lng');
  var result = document.getElementById('report-place');
  var clear = document.getElementById('report-pin-clear');
  var centre = document.getElementById('report-pin-centre');
  var mine = document.getElementById('report-pin-mine');

  var map = civicMap(el);

  var pin = null;
  var icon = L.divIcon({ className: 'portal-pin', iconSize: [28, 28], iconAnchor: [14, 28] });

  function show(latlng) {
    lat.value = latlng.lat.toFixed(6);
    lng.value = latlng.lng.toFixed(6);
    clear.hidden = false;
    result.textContent = ds.labelLoading;
    var url = ds.placeUrl + '?lat=' + lat.value + '&lng=' + lng.value;
    if (window.htmx) {
      htmx.ajax('GET', url, { target: '#report-place', swap: 'innerHTML' }).catch(function () {
        result.textContent = ds.labelError;
      });
    }
  }

  function place(latlng) {
    if (pin) {
      pin.setLatLng(latlng);
    } else {
      pin = L.marker(latlng, { draggable: true, icon: icon, keyboard: true }).addTo(map);
      pin.on('dragend', function () { show(pin.getLatLng()); });
      // Close enough to see the buildings and drag the pin precisely.
      map.setView(latlng, Math.max(map.getZoom(), 15));
    }
    show(latlng);
  }

  function unpin() {
    if (pin) {
      map.removeLayer(pin);
      pin = null;
    }
    lat.value = '';
    lng.value = '';
    clear.hidden = true;
    if (window.htmx) {
      htmx.ajax('GET', ds.placeUrl, { target: '#report-place', swap: 'innerHTML' });
    }
  }

  map.on('click', function (e) { place(e.latlng); });
  centre.hidden = false;
  centre.addEventListener('click', function () { place(map.getCenter()); });
  clear.addEventListener('click', unpin);
  if (navigator.geolocation && window.isSecureContext) {
    mine.hidden = false;
    mine.addEventListener('click', function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var ll = L.latLng(pos.coords.latitude, pos.coords.longitude);
        map.setView(ll, Math.max(map.getZoom(), 16));
        place(ll);
      }, function () {
        result.textContent = ds.labelNogeo;
      }, { enableHighAccuracy: true, timeout: 10000 });
    });
  }

  // A pin the form came back with (after a correction) is shown again.
  var start = null;
  if (lat.value && lng.value && !isNaN(+lat.value) && !isNaN(+lng.value)) {
    start = L.latLng(+lat.value, +lng.value);
    pin = L.marker(start, { draggable: true, icon: icon, keyboard: true }).addTo(map);
    pin.on('dragend', function () { show(pin.getLatLng()); });
  }

  // The grid under the pin is highlighted once the server has named it.
  var byCode = {};
  var lit = null;
  function baseStyle(f) {
    return { color: '#4e79a7', weight: 1, opacity: 0.6, fillColor: '#9ecae9', fillOpacity: 0.25,
      className: 'grid grid-' + f.properties.code };
  }
  function highlight() {
    var found = result.querySelector('[data-grid]');
    if (lit) {
      lit.setStyle(baseStyle(lit.feature));
    }
    lit = found ? byCode[found.dataset.grid] || null : null;
    if (lit) {
      lit.setStyle({ color: '#102a43', weight: 3, fillColor: '#ffdd00', fillOpacity: 0.45 });
    }
  }
  result.addEventListener('htmx:afterSwap', highlight);

  civicMap.json(ds.geojson)
    .then(function (fc) {
      var layer = L.geoJSON(fc, {
        style: baseStyle,
        onEachFeature: function (f, l) {
          byCode[f.properties.code] = l;
          l.bindTooltip(f.properties.name, { sticky: true, direction: 'top' });
          l.on('click', function (e) {
            L.DomEvent.stopPropagation(e); // the map would place it again
            place(e.latlng);
          });
        }
      }).addTo(map);
      el.dataset.grids = String(fc.features.length);
      highlight();
      if (start) {
        map.setView(start, 16);
      } else if (fc.features.length) {
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      }
    })
    .catch(function () {
      el.dataset.grids = '0';
      result.textContent = ds.labelError;
    });
})();

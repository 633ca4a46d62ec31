// The operator console (/console). The form works without this script (the
// server finds the grid from the community or grid select); the script adds
// what helps an operator on the phone: a map to click the place on,
// category suggestions that pick the category, Ctrl+Enter to save, and it
// keeps the two ways of giving the place (map point, selects) apart.
(function () {
  'use strict';
  var form = document.getElementById('console-form');
  if (!form) {
    return;
  }
  var lat = document.getElementById('console-lat');
  var lng = document.getElementById('console-lng');
  var community = document.getElementById('console-community');
  var grid = document.getElementById('console-grid');
  var category = document.getElementById('console-category');

  // After a refused save the cursor goes to the first field to fix.
  var invalid = form.querySelector('[aria-invalid="true"]');
  if (invalid) {
    invalid.focus();
  }

  function placeChanged() {
    document.body.dispatchEvent(new CustomEvent('console:place'));
  }

  // --- the map: a click sets the point and clears the selects ----------
  var pin = null;
  var map = null;
  function clearPoint() {
    lat.value = '';
    lng.value = '';
    if (pin && map) {
      map.removeLayer(pin);
      pin = null;
    }
  }
  // Capture phase: runs before htmx reads the fields for the place panel.
  form.addEventListener('change', function (e) {
    if (e.target === community || e.target === grid) {
      clearPoint();
    }
    if (e.target === community) {
      grid.value = '';
    }
  }, true);

  var el = document.getElementById('console-map');
  if (el && window.L) {
    var ds = el.dataset;
    map = L.map(el, { zoomSnap: 0.25, attributionControl: !!ds.tileUrl, keyboard: false });
    if (ds.tileUrl) {
      L.tileLayer(ds.tileUrl, { attribution: ds.tileAttribution || '', maxZoom: 19 }).addTo(map);
    } else {
      el.classList.add('no-tiles');
    }
    map.setView([38, 110], 4);
    var setPoint = function (latlng) {
      lat.value = latlng.lat.toFixed(6);
      lng.value = latlng.lng.toFixed(6);
      community.value = '';
      grid.value = '';
      if (pin) {
        pin.setLatLng(latlng);
      } else {
        pin = L.circleMarker(latlng, { radius: 7, color: '#102a43', weight: 2, fillColor: '#ffdd00', fillOpacity: 1, interactive: false }).addTo(map);
      }
      placeChanged();
    };
    map.on('click', function (e) { setPoint(e.latlng); });

    // The grid the place panel names is drawn highlighted; chosen from
    // the selects, the map also moves to it.
    var byCode = {};
    var shown = null;
    var baseStyle = function (f) {
      var st = { color: '#ffffff', weight: 1, opacity: 0.9, fillColor: '#4e79a7', fillOpacity: 0.35 };
      if (f) {
        st.className = 'console-grid grid-' + f.properties.code;
      }
      return st;
    };
    var highlight = function (zoom) {
      var dd = document.getElementById('console-place-grid');
      var next = dd ? byCode[dd.dataset.grid] : null;
      if (shown && shown !== next) {
        shown.setStyle(baseStyle());
      }
      shown = next || null;
      if (shown) {
        shown.setStyle({ color: '#102a43', weight: 3, fillColor: '#ffdd00', fillOpacity: 0.8 });
        shown.bringToFront();
        if (zoom && !lat.value) {
          map.fitBounds(shown.getBounds(), { maxZoom: 15, padding: [40, 40] });
        }
      }
    };
    document.body.addEventListener('htmx:afterSwap', function (e) {
      if (e.target && e.target.id === 'console-place') {
        highlight(true);
      }
    });
    fetch(ds.geojson, { headers: { Accept: 'application/geo+json' } })
      .then(function (r) {
        if (!r.ok) {
          throw new Error('HTTP ' + r.status);
        }
        return r.json();
      })
      .then(function (fc) {
        var layer = L.geoJSON(fc, {
          style: baseStyle,
          onEachFeature: function (f, l) {
            byCode[f.properties.code] = l;
            l.bindTooltip(f.properties.name, { sticky: true, direction: 'top' });
            l.on('click', function (e) { setPoint(e.latlng); });
          }
        }).addTo(map);
        el.dataset.grids = String(fc.features.length);
        if (fc.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [6, 6] });
        }
        highlight(false);
        if (lat.value && lng.value) {
          var p = L.latLng(parseFloat(lat.value), parseFloat(lng.value));
          pin = L.circleMarker(p, { radius: 7, color: '#102a43', weight: 2, fillColor: '#ffdd00', fillOpacity: 1, interactive: false }).addTo(map);
        }
      })
      .catch(function () {
        el.dataset.grids = '0';
      });
  }

  // --- category suggestions: Enter or a click picks one ------------------
  document.addEventListener('click', function (e) {
    var b = e.target.closest ? e.target.closest('.console-suggestion') : null;
    if (!b || !category) {
      return;
    }
    category.value = b.dataset.code;
    category.dispatchEvent(new Event('change', { bubbles: true }));
    category.focus();
  });

  // --- shortcuts: Ctrl+Enter or Alt+S saves (the description included),
  // Alt+N goes back to the caller's name ---------------------------------
  function save() {
    if (form.requestSubmit) {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && form.contains(e.target)) {
      e.preventDefault();
      save();
    } else if (e.altKey && !e.ctrlKey && !e.metaKey && (e.code === 'KeyS' || e.code === 'KeyN')) {
      e.preventDefault();
      if (e.code === 'KeyS') {
        save();
      } else {
        document.getElementById('console-name').focus();
      }
    }
  });
})();

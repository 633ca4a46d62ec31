// The operator console (/console). The form works without this script (the
// server finds the grid from the community or grid select); the script adds
// what helps an operator on the phone: a map to click the place on,
// category suggestions that pick the category, Enter to go to the next
// field and Ctrl+Enter to save, and it
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
  if (el && window.civicMap) {
    var ds = el.dataset;
    map = civicMap(el, { leaflet: { keyboard: false } });
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
    civicMap.json(ds.geojson)
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
  // Enter in a one-line field moves to the next field, as on a paper
  // form, instead of sending a half-filled order; from the last field it
  // reaches the save button. (Not while an input method is composing:
  // there Enter picks the characters.)
  function nextField(from) {
    var all = Array.prototype.filter.call(form.elements, function (x) {
      return !x.disabled && x.type !== 'hidden' && x.tagName !== 'FIELDSET' && x.tagName !== 'OUTPUT' &&
        x.tabIndex >= 0 && x.getClientRects().length > 0 && (x.tagName !== 'BUTTON' || x.type === 'submit');
    });
    var i = all.indexOf(from);
    return i >= 0 && i + 1 < all.length ? all[i + 1] : null;
  }
  function inField(e) {
    var t = e.target;
    return e.key === 'Enter' && t.tagName === 'INPUT' && t.type !== 'submit' && t.type !== 'button';
  }
  var moved = false; // focus moved on this Enter's keydown
  form.addEventListener('keydown', function (e) {
    if (!inField(e) || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.isComposing) {
      return;
    }
    e.preventDefault();
    var next = nextField(e.target);
    if (next) {
      next.focus();
      moved = true;
    }
  });
  // The browser sends a form from a field on the keypress that follows
  // Enter; a keypress of its own (some keyboards, automation) must not
  // send it, nor reach the field focus just moved to (a select would
  // open). Ctrl+Enter saves through the keydown below.
  document.addEventListener('keypress', function (e) {
    if (e.key === 'Enter' && (moved || inField(e))) {
      e.preventDefault();
    }
  }, true);
  document.addEventListener('keyup', function (e) {
    if (e.key === 'Enter') {
      moved = false;
    }
  }, true);
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

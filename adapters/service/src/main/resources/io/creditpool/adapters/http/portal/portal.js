// Credits & Billing: small helps on top of forms that work without JavaScript.
document.addEventListener('DOMContentLoaded', function () {
  // the outcome of the last form gets the focus, so a screen reader reads it and a keyboard starts there
  var flash = document.getElementById('flash');
  if (flash) { flash.focus(); }
  var quote = document.getElementById('quote');
  if (quote) { quote.focus(); }
  // "Unlimited" disables the limit field it stands for
  document.querySelectorAll('input[data-disables]').forEach(function (box) {
    var field = document.getElementById(box.getAttribute('data-disables'));
    var sync = function () { if (field) { field.disabled = box.checked; } };
    box.addEventListener('change', sync);
    sync();
  });
  // row menus: one open at a time; Escape closes the open one and gives the focus back to its button
  var menus = document.querySelectorAll('details.menu');
  menus.forEach(function (menu) {
    menu.addEventListener('toggle', function () {
      if (!menu.open) { return; }
      menus.forEach(function (other) { if (other !== menu) { other.open = false; } });
    });
    menu.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && menu.open) {
        menu.open = false;
        menu.querySelector('summary').focus();
        event.preventDefault();
      }
    });
  });
  // removing a member asks first
  document.querySelectorAll('button[data-confirm]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      if (!window.confirm(button.getAttribute('data-confirm'))) { event.preventDefault(); }
    });
  });
});

// Counts down to the pairing ticket's expiry (the page already shows the time; this only adds the minutes left).
(function () {
    var element = document.querySelector('[data-expires]');
    if (!element) {
        return;
    }

    var expires = Date.parse(element.getAttribute('data-expires'));
    var expired = element.getAttribute('data-expired-text') || '';
    function tick() {
        var left = Math.max(0, Math.round((expires - Date.now()) / 1000));
        var minutes = Math.floor(left / 60);
        var seconds = left % 60;
        element.textContent = left > 0 ? minutes + ':' + (seconds < 10 ? '0' : '') + seconds : expired;
        if (left > 0) {
            window.setTimeout(tick, 1000);
        }
    }

    tick();
}());

// Counts down to the pairing ticket's expiry. The m:ss timer is for the eye (role=timer, never read out); the
// polite live region says the whole minutes left and changes only when they do, so a screen reader hears it rarely.
(function () {
    var timer = document.querySelector('[data-expires]');
    if (!timer) {
        return;
    }

    var status = document.getElementById('pairing-expiry-status');
    var expires = Date.parse(timer.getAttribute('data-expires'));
    var expired = timer.getAttribute('data-expired-text') || '';
    var announced = null;
    function announce(minutes) {
        if (!status || minutes === announced) {
            return;
        }

        announced = minutes;
        status.textContent = minutes > 0
            ? status.getAttribute('data-minutes-text').replace('{0}', minutes)
            : status.getAttribute('data-expired-text');
    }

    function tick() {
        var left = Math.max(0, Math.round((expires - Date.now()) / 1000));
        var minutes = Math.floor(left / 60);
        var seconds = left % 60;
        timer.textContent = left > 0 ? minutes + ':' + (seconds < 10 ? '0' : '') + seconds : expired;
        announce(Math.ceil(left / 60));
        if (left > 0) {
            window.setTimeout(tick, 1000);
        }
    }

    announced = Math.ceil(Math.max(0, Math.round((expires - Date.now()) / 1000)) / 60);
    tick();
}());

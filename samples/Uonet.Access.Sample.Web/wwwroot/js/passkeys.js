// Passkeys (WebAuthn) for the portal: the one thing HTML forms cannot do. Everything else on the pages works without
// this file. The options come from the server as JSON and the answer goes back as the browser's toJSON(); every call
// carries the page's anti-forgery token.
"use strict";

(function () {
  const supported = window.PublicKeyCredential
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";

  function token(form) {
    const field = (form || document).querySelector("input[name='__RequestVerificationToken']");
    return field ? field.value : "";
  }

  async function post(api, step, body, form) {
    const response = await fetch(api + "/" + step, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "RequestVerificationToken": token(form) },
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(answer.message || response.statusText);
    }

    return answer;
  }

  function show(error, message) {
    if (error) {
      error.textContent = message;
      error.hidden = false;
    }
  }

  async function signIn(area, mediation, signal) {
    const api = area.dataset.api;
    const form = document.getElementById("sign-in");
    const email = mediation === "conditional" ? null : (document.getElementById("field-email").value || null);
    const options = await post(api, "sign-in/options", email ? { email: email } : {}, form);
    const credential = await navigator.credentials.get({
      publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey),
      mediation: mediation,
      signal: signal,
    });
    if (!credential) {
      return;
    }

    await post(api, "sign-in", { credential: credential.toJSON() }, form);
    window.location.assign(area.dataset.done);
  }

  function setUpSignIn() {
    const area = document.getElementById("passkey-sign-in-area");
    if (!area || !supported) {
      return;
    }

    area.hidden = false;
    const error = document.getElementById("passkey-error");
    let autofill = null;
    document.getElementById("passkey-sign-in").addEventListener("click", () => {
      if (autofill) {
        autofill.abort();
      }

      signIn(area, "optional").catch((e) => show(error, e.message));
    });

    // Autofill: once the e-mail field is focused, the browser offers the site's passkeys among its suggestions
    // (conditional mediation); a button press replaces the pending request.
    const field = document.getElementById("field-email");
    if (field && typeof PublicKeyCredential.isConditionalMediationAvailable === "function") {
      field.addEventListener("focus", () => {
        PublicKeyCredential.isConditionalMediationAvailable().then((available) => {
          if (available && !autofill) {
            autofill = new AbortController();
            signIn(area, "conditional", autofill.signal).catch((e) => {
              if (e.name !== "AbortError") {
                show(error, e.message);
              }
            });
          }
        });
      }, { once: true });
    }
  }

  function setUpRegistration() {
    const form = document.getElementById("passkey-add");
    if (!form) {
      return;
    }

    const error = document.getElementById("passkey-error");
    if (!supported) {
      form.querySelector("button").disabled = true;
      return;
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const api = form.dataset.api;
      const proof = form.dataset.totp === "true"
        ? { totpCode: form.elements.code.value }
        : { password: form.elements.password.value };
      (async () => {
        const options = await post(api, "register/options", proof, form);
        const credential = await navigator.credentials.create({
          publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey),
        });
        await post(api, "register", { credential: credential.toJSON(), name: form.elements.name.value }, form);
        window.location.assign(window.location.pathname + "?dodano=true");
      })().catch((e) => show(error, e.message));
    });
  }

  setUpSignIn();
  setUpRegistration();
})();

// Small helpers the Blazor components call through JS interop.
window.notifyBridge = {
    rememberTheme: function (value) {
        document.cookie = "nb-theme=" + value + "; path=/; max-age=31536000; samesite=lax";
    },
    scrollToTop: function (element) {
        if (element) element.scrollTop = 0;
    },
    copyText: function (text) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text);
        }
        // Plain-http LAN installs have no Clipboard API: fall back to a hidden textarea.
        const area = document.createElement("textarea");
        area.value = text;
        area.style.position = "fixed";
        area.style.opacity = "0";
        document.body.appendChild(area);
        area.select();
        document.execCommand("copy");
        document.body.removeChild(area);
    }
};

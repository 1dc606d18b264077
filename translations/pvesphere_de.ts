<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ActionRunner</name>
    <message>
        <source>No connection: actions need a configured cluster.</source>
        <translation>Keine Verbindung: Aktionen brauchen einen eingerichteten Cluster.</translation>
    </message>
    <message>
        <source>{action} is not possible for the selected guests.</source>
        <translation>„{action}“ ist für die ausgewählten Gäste nicht möglich.</translation>
    </message>
    <message>
        <source>{action}: {count} task(s) started</source>
        <translation>{action}: {count} Task(s) gestartet</translation>
    </message>
    <message>
        <source>internal error (details in the log)</source>
        <translation>interner Fehler (Details im Protokoll)</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Shut down</source>
        <translation>Herunterfahren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>Neustarten</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
</context>
<context>
    <name>AddClusterDialog</name>
    <message>
        <source>Edit cluster connection</source>
        <translation>Cluster-Verbindung bearbeiten</translation>
    </message>
    <message>
        <source>Add a cluster</source>
        <translation>Cluster hinzufügen</translation>
    </message>
    <message>
        <source>Connect a Proxmox VE cluster or a standalone node. An API token is recommended for background work; a user login works too, with two-factor codes.</source>
        <translation>Verbinden Sie einen Proxmox-VE-Cluster oder einen einzelnen Knoten. Für die Arbeit im Hintergrund empfiehlt sich ein API-Token; eine Benutzeranmeldung mit Zwei-Faktor-Codes geht ebenfalls.</translation>
    </message>
    <message>
        <source>e.g. fra-prod</source>
        <translation>z. B. fra-prod</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Log in with</source>
        <translation>Anmelden mit</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>User and password</source>
        <translation>Benutzer und Passwort</translation>
    </message>
    <message>
        <source>USER@REALM!TOKENID (or paste the whole token)</source>
        <translation>BENUTZER@REALM!TOKENID (oder das ganze Token einfügen)</translation>
    </message>
    <message>
        <source>Token ID:</source>
        <translation>Token-ID:</translation>
    </message>
    <message>
        <source>Secret:</source>
        <translation>Geheimnis:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Benutzer:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>only if the account uses two-factor login</source>
        <translation>nur wenn das Konto die Zwei-Faktor-Anmeldung nutzt</translation>
    </message>
    <message>
        <source>TFA code:</source>
        <translation>TFA-Code:</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Pin the certificate (trust on first use)</source>
        <translation>Zertifikat festpinnen (Vertrauen bei erster Verbindung)</translation>
    </message>
    <message>
        <source>Verify with the system&apos;s certificate authorities</source>
        <translation>Mit den Zertifizierungsstellen des Systems prüfen</translation>
    </message>
    <message>
        <source>Verify with a CA file…</source>
        <translation>Mit einer CA-Datei prüfen …</translation>
    </message>
    <message>
        <source>Choose CA file…</source>
        <translation>CA-Datei wählen …</translation>
    </message>
    <message>
        <source>Testing the connection first shows the certificate the server presents, with its fingerprint; nothing is trusted before you confirm it.</source>
        <translation>Beim Verbindungstest wird zuerst das Zertifikat des Servers mit seinem Fingerabdruck angezeigt; nichts wird vertraut, bevor Sie es bestätigen.</translation>
    </message>
    <message>
        <source>I have compared this fingerprint with the one shown on the server; trust it</source>
        <translation>Ich habe diesen Fingerabdruck mit dem auf dem Server verglichen; vertrauen</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Add cluster</source>
        <translation>Cluster hinzufügen</translation>
    </message>
    <message>
        <source>Remove cluster…</source>
        <translation>Cluster entfernen …</translation>
    </message>
    <message>
        <source>Re-pin certificate…</source>
        <translation>Zertifikat neu pinnen …</translation>
    </message>
    <message>
        <source>unchanged (stored in the keyring)</source>
        <translation>unverändert (im Schlüsselbund gespeichert)</translation>
    </message>
    <message>
        <source>Pinned:</source>
        <translation>Gepinnt:</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>CA-Zertifikat (PEM)</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>CA file: {path}</source>
        <translation>CA-Datei: {path}</translation>
    </message>
    <message>
        <source>give the connection a name</source>
        <translation>geben Sie der Verbindung einen Namen</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>expected USER@REALM!TOKENID</source>
        <translation>erwartet BENUTZER@REALM!TOKENID</translation>
    </message>
    <message>
        <source>token ID</source>
        <translation>Token-ID</translation>
    </message>
    <message>
        <source>enter a user name</source>
        <translation>geben Sie einen Benutzernamen ein</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>choose a CA file</source>
        <translation>wählen Sie eine CA-Datei</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>enter the secret or password</source>
        <translation>geben Sie das Geheimnis oder Passwort ein</translation>
    </message>
    <message>
        <source>secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
    <message>
        <source>Reading the certificate…</source>
        <translation>Lese das Zertifikat …</translation>
    </message>
    <message>
        <source>The server presented this certificate:</source>
        <translation>Der Server hat dieses Zertifikat vorgelegt:</translation>
    </message>
    <message>
        <source>Compare the fingerprint, tick the box, then test the connection again.</source>
        <translation>Vergleichen Sie den Fingerabdruck, setzen Sie das Häkchen und testen Sie die Verbindung erneut.</translation>
    </message>
    <message>
        <source>cluster “{name}”</source>
        <translation>Cluster „{name}“</translation>
    </message>
    <message>
        <source>standalone node</source>
        <translation>einzelner Knoten</translation>
    </message>
    <message>
        <source>Connected: PVE {version}, {kind}, {nodes} nodes ({online} online)</source>
        <translation>Verbunden: PVE {version}, {kind}, {nodes} Knoten ({online} online)</translation>
    </message>
    <message>
        <source>This account uses two-factor login: enter the current code.</source>
        <translation>Dieses Konto nutzt die Zwei-Faktor-Anmeldung: Geben Sie den aktuellen Code ein.</translation>
    </message>
    <message>
        <source>Check the certificate settings above.</source>
        <translation>Prüfen Sie die Zertifikatseinstellungen oben.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Speichere …</translation>
    </message>
    <message>
        <source>Remove cluster</source>
        <translation>Cluster entfernen</translation>
    </message>
    <message>
        <source>Remove {name}? Its settings, stored credential and cached data are deleted from this computer. The cluster itself is not changed.</source>
        <translation>{name} entfernen? Einstellungen, gespeicherte Zugangsdaten und zwischengespeicherte Daten werden von diesem Computer gelöscht. Der Cluster selbst bleibt unverändert.</translation>
    </message>
</context>
<context>
    <name>BulkResultDialog</name>
    <message>
        <source>{action}: results</source>
        <translation>{action}: Ergebnisse</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>Gast</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>läuft …</translation>
    </message>
    <message>
        <source>failed: {message}</source>
        <translation>fehlgeschlagen: {message}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>{done} of {total} finished, {failed} failed</source>
        <translation>{done} von {total} beendet, {failed} fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>Certificate</name>
    <message>
        <source>(self-signed)</source>
        <translation>(selbst signiert)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
</context>
<context>
    <name>CertificateChangedDialog</name>
    <message>
        <source>Certificate changed: {name}</source>
        <translation>Zertifikat geändert: {name}</translation>
    </message>
    <message>
        <source>The certificate of {endpoint} is not the one you trusted. This happens when the certificate was renewed or replaced, but also when someone intercepts the connection. Pin the new one only if you know why it changed.</source>
        <translation>Das Zertifikat von {endpoint} ist nicht das, dem Sie vertraut haben. Das passiert, wenn das Zertifikat erneuert oder ersetzt wurde, aber auch, wenn jemand die Verbindung abfängt. Pinnen Sie das neue nur, wenn Sie wissen, warum es sich geändert hat.</translation>
    </message>
    <message>
        <source>Pinned fingerprint:</source>
        <translation>Gepinnter Fingerabdruck:</translation>
    </message>
    <message>
        <source>Presented certificate:</source>
        <translation>Vorgelegtes Zertifikat:</translation>
    </message>
    <message>
        <source>Trust the new certificate</source>
        <translation>Dem neuen Zertifikat vertrauen</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>Hour</source>
        <translation>Stunde</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Woche</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Durchschnitt</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>Maximum</translation>
    </message>
    <message>
        <source>CPU usage</source>
        <translation>CPU-Auslastung</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Ein</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Disk I/O</source>
        <translation>Festplatten-I/O</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lesen</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Schreiben</translation>
    </message>
    <message>
        <source>IO delay</source>
        <translation>IO-Verzögerung</translation>
    </message>
    <message>
        <source>Server load</source>
        <translation>Serverlast</translation>
    </message>
    <message>
        <source>Load average</source>
        <translation>Durchschnittliche Last</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Belegung</translation>
    </message>
    <message>
        <source>No metrics yet.</source>
        <translation>Noch keine Messwerte.</translation>
    </message>
</context>
<context>
    <name>ClusterPane</name>
    <message>
        <source>Connection…</source>
        <translation>Verbindung …</translation>
    </message>
    <message>
        <source>Log in again…</source>
        <translation>Erneut anmelden …</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Talking to</source>
        <translation>Verbunden mit</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Letzte Synchronisierung</translation>
    </message>
    <message>
        <source>PVE cluster name</source>
        <translation>PVE-Clustername</translation>
    </message>
    <message>
        <source>PVE version</source>
        <translation>PVE-Version</translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation>Quorum</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Gäste</translation>
    </message>
    <message>
        <source>HA resources</source>
        <translation>HA-Ressourcen</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Failed over: {reason}</source>
        <translation>Umgeschaltet: {reason}</translation>
    </message>
    <message>
        <source>quorate</source>
        <translation>beschlussfähig</translation>
    </message>
    <message>
        <source>NOT quorate</source>
        <translation>NICHT beschlussfähig</translation>
    </message>
    <message>
        <source>{online} of {total} online</source>
        <translation>{online} von {total} online</translation>
    </message>
    <message>
        <source>{running} running of {total}</source>
        <translation>{running} von {total} laufen</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>{menu}: {command}</source>
        <translation>{menu}: {command}</translation>
    </message>
    <message>
        <source>Type a guest name or ID, a node, a cluster, or a command…</source>
        <translation>Gastname oder -ID, Knoten, Cluster oder Befehl eingeben …</translation>
    </message>
    <message>
        <source>↑↓ to choose · Enter to run · Esc to close</source>
        <translation>↑↓ auswählen · Eingabe ausführen · Esc schließen</translation>
    </message>
    <message>
        <source>cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>node · {cluster}</source>
        <translation>Knoten · {cluster}</translation>
    </message>
    <message>
        <source>storage · {node} · {cluster}</source>
        <translation>Speicher · {node} · {cluster}</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>{action} guests</source>
        <translation>Gäste: {action}</translation>
    </message>
    <message>
        <source>{action} {guest}?</source>
        <translation>{guest}: {action}?</translation>
    </message>
    <message>
        <source>{action} these {count} guests?</source>
        <translation>Diese {count} Gäste: {action}?</translation>
    </message>
    <message>
        <source>This is like pulling the power plug: the guest&apos;s operating system cannot shut down cleanly and unsaved data is lost.</source>
        <translation>Das ist wie Stecker ziehen: Das Betriebssystem des Gastes kann nicht sauber herunterfahren, ungespeicherte Daten gehen verloren.</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>Gast</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>{count} selected guests are skipped: {action} is not possible in their state.</source>
        <translation>{count} ausgewählte Gäste werden übersprungen: „{action}“ ist in ihrem Zustand nicht möglich.</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Ctrl+Alt+Del</source>
        <translation>Strg+Alt+Entf</translation>
    </message>
    <message>
        <source>Ctrl+Alt+Backspace</source>
        <translation>Strg+Alt+Rücktaste</translation>
    </message>
    <message>
        <source>Ctrl+Alt+Insert</source>
        <translation>Strg+Alt+Einfg</translation>
    </message>
    <message>
        <source>Alt+Tab</source>
        <translation>Alt+Tab</translation>
    </message>
    <message>
        <source>Alt+F4</source>
        <translation>Alt+F4</translation>
    </message>
    <message>
        <source>Ctrl+Esc</source>
        <translation>Strg+Esc</translation>
    </message>
    <message>
        <source>Windows key</source>
        <translation>Windows-Taste</translation>
    </message>
    <message>
        <source>Print Screen</source>
        <translation>Druck</translation>
    </message>
    <message>
        <source>Alt+SysRq</source>
        <translation>Alt+S-Abf</translation>
    </message>
    <message>
        <source>Cannot reach {host}: {detail}</source>
        <translation>{host} ist nicht erreichbar: {detail}</translation>
    </message>
    <message>
        <source>{host} did not answer in time.</source>
        <translation>{host} hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The secure connection to {host} failed: {detail}</source>
        <translation>Die sichere Verbindung zu {host} ist fehlgeschlagen: {detail}</translation>
    </message>
    <message>
        <source>{detail}</source>
        <translation>{detail}</translation>
    </message>
    <message>
        <source>PVE refused the console ticket or the session&apos;s credentials ({detail}).</source>
        <translation>PVE hat das Konsolen-Ticket oder die Zugangsdaten der Sitzung abgelehnt ({detail}).</translation>
    </message>
    <message>
        <source>The console ticket expired before the connection was made. Reconnect for a new one.</source>
        <translation>Das Konsolen-Ticket ist abgelaufen, bevor die Verbindung hergestellt wurde. Verbinden Sie sich erneut, um ein neues zu erhalten.</translation>
    </message>
    <message>
        <source>Permission denied: {detail}</source>
        <translation>Zugriff verweigert: {detail}</translation>
    </message>
    <message>
        <source>The console refused the login: {detail}</source>
        <translation>Die Konsole hat die Anmeldung abgelehnt: {detail}</translation>
    </message>
    <message>
        <source>PVE could not open the console: {detail}</source>
        <translation>PVE konnte die Konsole nicht öffnen: {detail}</translation>
    </message>
    <message>
        <source>The console closed the connection during login.</source>
        <translation>Die Konsole hat die Verbindung während der Anmeldung geschlossen.</translation>
    </message>
    <message>
        <source>The console was closed by the server (the guest may have stopped).</source>
        <translation>Der Server hat die Konsole geschlossen (der Gast wurde möglicherweise gestoppt).</translation>
    </message>
    <message>
        <source>The connection to the console was lost.</source>
        <translation>Die Verbindung zur Konsole wurde unterbrochen.</translation>
    </message>
    <message>
        <source>The console view did not connect in time.</source>
        <translation>Die Konsolenansicht hat die Verbindung nicht rechtzeitig hergestellt.</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>Getrennt.</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation>Verbinde mit {host} …</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Anmeldung läuft …</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Verbunden.</translation>
    </message>
    <message>
        <source>Shell {node} · {cluster}</source>
        <translation>Shell {node} · {cluster}</translation>
    </message>
    <message>
        <source>{name} {serial} · {cluster}</source>
        <translation>{name} {serial} · {cluster}</translation>
    </message>
    <message>
        <source>{name} · {cluster}</source>
        <translation>{name} · {cluster}</translation>
    </message>
    <message>
        <source>{name} ({vmid}) {serial} · {cluster}</source>
        <translation>{name} ({vmid}) {serial} · {cluster}</translation>
    </message>
    <message>
        <source>{name} ({vmid}) · {cluster}</source>
        <translation>{name} ({vmid}) · {cluster}</translation>
    </message>
    <message>
        <source>The API token of {cluster} cannot open a node shell on PVE {version} (possible from 9.0.13). Log in with a password to open it.</source>
        <translation>Das API-Token von {cluster} kann unter PVE {version} keine Knoten-Shell öffnen (möglich ab 9.0.13). Melden Sie sich mit einem Passwort an, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>remote-viewer is not installed. Install it with: brew install virt-viewer</source>
        <translation>remote-viewer ist nicht installiert. Installieren Sie es mit: brew install virt-viewer</translation>
    </message>
    <message>
        <source>remote-viewer is not installed. Install virt-viewer for Windows from https://virt-manager.org/download and try again.</source>
        <translation>remote-viewer ist nicht installiert. Installieren Sie virt-viewer für Windows von https://virt-manager.org/download und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>remote-viewer is not installed. Install the virt-viewer package, for example: sudo apt install virt-viewer (Debian, Ubuntu) or sudo dnf install virt-viewer (Fedora).</source>
        <translation>remote-viewer ist nicht installiert. Installieren Sie das Paket virt-viewer, zum Beispiel: sudo apt install virt-viewer (Debian, Ubuntu) oder sudo dnf install virt-viewer (Fedora).</translation>
    </message>
</context>
<context>
    <name>ConsoleFeature</name>
    <message>
        <source>Open &amp;console</source>
        <translation>&amp;Konsole öffnen</translation>
    </message>
    <message>
        <source>Open the selected guests&apos; consoles</source>
        <translation>Konsolen der ausgewählten Gäste öffnen</translation>
    </message>
    <message>
        <source>Open &amp;serial console</source>
        <translation>&amp;Serielle Konsole öffnen</translation>
    </message>
    <message>
        <source>Open node &amp;shell</source>
        <translation>Knoten-S&amp;hell öffnen</translation>
    </message>
    <message>
        <source>Open in &amp;remote-viewer (SPICE)</source>
        <translation>In &amp;remote-viewer öffnen (SPICE)</translation>
    </message>
    <message>
        <source>Open shell on node {node}</source>
        <translation>Shell auf Knoten {node} öffnen</translation>
    </message>
    <message>
        <source>Consoles</source>
        <translation>Konsolen</translation>
    </message>
</context>
<context>
    <name>ConsoleLoginDialog</name>
    <message>
        <source>Log in to open the console</source>
        <translation>Anmelden, um die Konsole zu öffnen</translation>
    </message>
    <message>
        <source>The API token of {cluster} cannot open this console. Log in as a user who can; the login is kept in memory for consoles only and never saved.</source>
        <translation>Das API-Token von {cluster} kann diese Konsole nicht öffnen. Melden Sie sich als Benutzer an, der das darf; die Anmeldung wird nur für Konsolen im Arbeitsspeicher gehalten und nie gespeichert.</translation>
    </message>
    <message>
        <source>TOTP code or recovery key</source>
        <translation>TOTP-Code oder Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>Second factor:</source>
        <translation>Zweiter Faktor:</translation>
    </message>
    <message>
        <source>User (user@realm):</source>
        <translation>Benutzer (benutzer@realm):</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Enter the second factor of this account.</source>
        <translation>Geben Sie den zweiten Faktor dieses Kontos ein.</translation>
    </message>
</context>
<context>
    <name>ConsolePane</name>
    <message>
        <source>Ctrl+Alt+Del</source>
        <translation>Strg+Alt+Entf</translation>
    </message>
    <message>
        <source>Send Ctrl+Alt+Del to the guest</source>
        <translation>Strg+Alt+Entf an den Gast senden</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Send another key combination</source>
        <translation>Eine andere Tastenkombination senden</translation>
    </message>
    <message>
        <source>Type clipboard</source>
        <translation>Zwischenablage eintippen</translation>
    </message>
    <message>
        <source>Type the clipboard&apos;s text as keystrokes</source>
        <translation>Den Text der Zwischenablage als Tastenanschläge eingeben</translation>
    </message>
    <message>
        <source>Paste clipboard</source>
        <translation>Zwischenablage einfügen</translation>
    </message>
    <message>
        <source>Send the clipboard&apos;s text to the terminal</source>
        <translation>Den Text der Zwischenablage an das Terminal senden</translation>
    </message>
    <message>
        <source>Scale to fit</source>
        <translation>An Größe anpassen</translation>
    </message>
    <message>
        <source>Scale the screen to the pane, or show native size</source>
        <translation>Bildschirm an den Bereich anpassen oder in Originalgröße anzeigen</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Vollbild</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>Bildschirmfoto</translation>
    </message>
    <message>
        <source>Save a picture of the console</source>
        <translation>Ein Bild der Konsole speichern</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Neu verbinden</translation>
    </message>
    <message>
        <source>Log in…</source>
        <translation>Anmelden …</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>Abdocken</translation>
    </message>
    <message>
        <source>Open this console in its own window</source>
        <translation>Diese Konsole in einem eigenen Fenster öffnen</translation>
    </message>
    <message>
        <source>Dock</source>
        <translation>Andocken</translation>
    </message>
    <message>
        <source>Put this console back into the tabs</source>
        <translation>Diese Konsole zurück in die Tabs holen</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindung wird aufgebaut</translation>
    </message>
    <message>
        <source>Logging in</source>
        <translation>Anmeldung läuft</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Getrennt</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>Verbindung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Only the first {count} characters were typed.</source>
        <translation>Nur die ersten {count} Zeichen wurden eingegeben.</translation>
    </message>
    <message>
        <source>The clipboard holds no text.</source>
        <translation>Die Zwischenablage enthält keinen Text.</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} gespeichert</translation>
    </message>
    <message>
        <source>The screenshot could not be saved.</source>
        <translation>Das Bildschirmfoto konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>Bildschirmfoto speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
</context>
<context>
    <name>ConsoleWorkspace</name>
    <message>
        <source>No console is open in the tabs. Open one from a guest&apos;s or a node&apos;s context menu, the detail pane or the command palette.</source>
        <translation>In den Tabs ist keine Konsole geöffnet. Öffnen Sie eine über das Kontextmenü eines Gastes oder Knotens, den Detailbereich oder die Befehlspalette.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Something went wrong inside the application. Your clusters were not changed by this error. The details below were written to the log; please include them when you report the problem.</source>
        <translation>In der Anwendung ist ein Fehler aufgetreten. Ihre Cluster wurden durch diesen Fehler nicht verändert. Die folgenden Details wurden ins Protokoll geschrieben; bitte fügen Sie sie bei, wenn Sie das Problem melden.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Details kopieren</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Clusters</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Gäste</translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation>Laufende Tasks</translation>
    </message>
    <message>
        <source>Fleet usage</source>
        <translation>Auslastung der Flotte</translation>
    </message>
    <message>
        <source>CPU (nodes)</source>
        <translation>CPU (Knoten)</translation>
    </message>
    <message>
        <source>Memory (nodes)</source>
        <translation>Arbeitsspeicher (Knoten)</translation>
    </message>
    <message>
        <source>Storage pools</source>
        <translation>Speicherpools</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>PVE</source>
        <translation>PVE</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Letzte Synchronisierung</translation>
    </message>
    <message>
        <source>Top CPU</source>
        <translation>Höchste CPU-Last</translation>
    </message>
    <message>
        <source>Top memory</source>
        <translation>Höchster Speicherbedarf</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>Was sich geändert hat</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>{ok} online, {problems} with problems</source>
        <translation>{ok} online, {problems} mit Problemen</translation>
    </message>
    <message>
        <source>{online} online</source>
        <translation>{online} online</translation>
    </message>
    <message>
        <source>{running} running · {vms} VMs, {cts} containers, {templates} templates</source>
        <translation>{running} laufen · {vms} VMs, {cts} Container, {templates} Vorlagen</translation>
    </message>
    <message>
        <source>in the task list below</source>
        <translation>in der Taskliste unten</translation>
    </message>
    <message>
        <source>{used:.0f} of {total} cores</source>
        <translation>{used:.0f} von {total} Kernen</translation>
    </message>
    <message>
        <source>{running}/{total} running</source>
        <translation>{running}/{total} laufen</translation>
    </message>
    <message>
        <source>{percent} of {cores} vCPUs</source>
        <translation>{percent} von {cores} vCPUs</translation>
    </message>
    <message>
        <source>No running guests.</source>
        <translation>Keine laufenden Gäste.</translation>
    </message>
    <message>
        <source>Nothing changed recently.</source>
        <translation>In letzter Zeit hat sich nichts geändert.</translation>
    </message>
    <message>
        <source>No recent tasks.</source>
        <translation>Keine aktuellen Tasks.</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Welcome to PveSphere Desktop</source>
        <translation>Willkommen bei PveSphere Desktop</translation>
    </message>
    <message>
        <source>No cluster is configured yet. Connect a Proxmox VE cluster or a standalone node with an API token or your login, or explore a simulated demo fleet first.</source>
        <translation>Es ist noch kein Cluster eingerichtet. Verbinden Sie einen Proxmox-VE-Cluster oder einen einzelnen Knoten mit einem API-Token oder Ihren Anmeldedaten – oder erkunden Sie zuerst eine simulierte Demo-Umgebung.</translation>
    </message>
    <message>
        <source>Add a cluster…</source>
        <translation>Cluster hinzufügen…</translation>
    </message>
    <message>
        <source>Open the demo fleet</source>
        <translation>Demo-Umgebung öffnen</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The operation failed.</source>
        <translation>Der Vorgang ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Cannot reach {host}: {detail}</source>
        <translation>{host} ist nicht erreichbar: {detail}</translation>
    </message>
    <message>
        <source>The TLS connection to {host} failed: {detail}</source>
        <translation>Die TLS-Verbindung zu {host} ist fehlgeschlagen: {detail}</translation>
    </message>
    <message>
        <source>The certificate of {host} has changed. Pinned fingerprint: {expected}. Presented fingerprint: {actual}. Re-pin only if you know why it changed.</source>
        <translation>Das Zertifikat von {host} hat sich geändert. Hinterlegter Fingerabdruck: {expected}. Vorgelegter Fingerabdruck: {actual}. Hinterlegen Sie den neuen Fingerabdruck nur, wenn Sie wissen, warum er sich geändert hat.</translation>
    </message>
    <message>
        <source>The certificate of {host} is not trusted yet. Fingerprint: {fingerprint}, subject: {subject}.</source>
        <translation>Dem Zertifikat von {host} wird noch nicht vertraut. Fingerabdruck: {fingerprint}, Inhaber: {subject}.</translation>
    </message>
    <message>
        <source>Authentication failed: {detail}</source>
        <translation>Authentifizierung fehlgeschlagen: {detail}</translation>
    </message>
    <message>
        <source>A second factor is required to log in.</source>
        <translation>Für die Anmeldung ist ein zweiter Faktor erforderlich.</translation>
    </message>
    <message>
        <source>This account only offers a second factor this application cannot use ({methods}). Add a TOTP app or recovery keys to the account, or use an API token instead.</source>
        <translation>Dieses Konto bietet nur einen zweiten Faktor an, den diese Anwendung nicht verwenden kann ({methods}). Richten Sie für das Konto eine TOTP-App oder Wiederherstellungsschlüssel ein, oder verwenden Sie stattdessen ein API-Token.</translation>
    </message>
    <message>
        <source>The session with {host} has ended and needs you to log in again.</source>
        <translation>Die Sitzung mit {host} ist abgelaufen; bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Permission denied: {detail}</source>
        <translation>Zugriff verweigert: {detail}</translation>
    </message>
    <message>
        <source>Not found: {detail}</source>
        <translation>Nicht gefunden: {detail}</translation>
    </message>
    <message>
        <source>PVE rejected the parameters: {detail}</source>
        <translation>PVE hat die Parameter abgelehnt: {detail}</translation>
    </message>
    <message>
        <source>Conflict: {detail}</source>
        <translation>Konflikt: {detail}</translation>
    </message>
    <message>
        <source>PVE reported an error: {detail}</source>
        <translation>PVE meldet einen Fehler: {detail}</translation>
    </message>
    <message>
        <source>The task {upid} was still running after {seconds} seconds.</source>
        <translation>Die Aufgabe {upid} lief nach {seconds} Sekunden immer noch.</translation>
    </message>
    <message>
        <source>Invalid {what}: {detail}</source>
        <translation>{what} ist ungültig: {detail}</translation>
    </message>
    <message>
        <source>PVE sent a reply that could not be read: {detail}</source>
        <translation>PVE hat eine Antwort gesendet, die nicht gelesen werden konnte: {detail}</translation>
    </message>
    <message>
        <source>The local cache could not be used: {detail}</source>
        <translation>Der lokale Cache konnte nicht verwendet werden: {detail}</translation>
    </message>
    <message>
        <source>The credential store could not be used: {detail}</source>
        <translation>Der Speicher für Zugangsdaten konnte nicht verwendet werden: {detail}</translation>
    </message>
    <message>
        <source>Invalid URL: expected https://HOST[:PORT].</source>
        <translation>Ungültige URL: erwartet wird https://HOST[:PORT].</translation>
    </message>
    <message>
        <source>Invalid API token: expected USER@REALM!TOKENID=SECRET.</source>
        <translation>Ungültiges API-Token: erwartet wird USER@REALM!TOKENID=SECRET.</translation>
    </message>
    <message>
        <source>Invalid user: expected USER@REALM.</source>
        <translation>Ungültiger Benutzer: erwartet wird USER@REALM.</translation>
    </message>
    <message>
        <source>Invalid SHA-256 fingerprint: expected 32 hexadecimal bytes such as AA:BB:…</source>
        <translation>Ungültiger SHA-256-Fingerabdruck: erwartet werden 32 hexadezimale Bytes wie AA:BB:…</translation>
    </message>
    <message>
        <source>Cannot use the CA file {path}: {detail}</source>
        <translation>Die CA-Datei {path} kann nicht verwendet werden: {detail}</translation>
    </message>
    <message>
        <source>There is no guest with VMID {vmid} in {cluster}.</source>
        <translation>In {cluster} gibt es keinen Gast mit der VMID {vmid}.</translation>
    </message>
    <message>
        <source>“{action}” is not possible for a {type} guest.</source>
        <translation>„{action}“ ist für einen Gast vom Typ {type} nicht möglich.</translation>
    </message>
    <message>
        <source>The second factor was not accepted.</source>
        <translation>Der zweite Faktor wurde nicht akzeptiert.</translation>
    </message>
    <message>
        <source>No second-factor login is waiting for an answer.</source>
        <translation>Es wartet keine Anmeldung auf einen zweiten Faktor.</translation>
    </message>
    <message>
        <source>This system has no usable keyring.</source>
        <translation>Dieses System hat keinen nutzbaren Schlüsselbund.</translation>
    </message>
    <message>
        <source>The keyring refused the request ({detail}).</source>
        <translation>Der Schlüsselbund hat die Anfrage abgelehnt ({detail}).</translation>
    </message>
    <message>
        <source>{env} must be “keyring” or “vault”.</source>
        <translation>{env} muss „keyring“ oder „vault“ sein.</translation>
    </message>
    <message>
        <source>The credential vault is locked: enter its master password or set {env}.</source>
        <translation>Der Tresor für Zugangsdaten ist gesperrt: Geben Sie sein Master-Passwort ein oder setzen Sie {env}.</translation>
    </message>
    <message>
        <source>Wrong master password, or the credential vault was altered.</source>
        <translation>Falsches Master-Passwort, oder der Tresor für Zugangsdaten wurde verändert.</translation>
    </message>
    <message>
        <source>The credential vault {path} is damaged.</source>
        <translation>Der Tresor für Zugangsdaten {path} ist beschädigt.</translation>
    </message>
    <message>
        <source>The credential vault {path} was written by a newer version of PveSphere.</source>
        <translation>Der Tresor für Zugangsdaten {path} wurde von einer neueren Version von PveSphere geschrieben.</translation>
    </message>
    <message>
        <source>Cannot read the credential vault {path}: {detail}</source>
        <translation>Der Tresor für Zugangsdaten {path} kann nicht gelesen werden: {detail}</translation>
    </message>
    <message>
        <source>The master password is too short: use at least {minimum} characters.</source>
        <translation>Das Master-Passwort ist zu kurz: Verwenden Sie mindestens {minimum} Zeichen.</translation>
    </message>
    <message>
        <source>No credential is stored for {name}: remove the cluster and add it again.</source>
        <translation>Für {name} sind keine Zugangsdaten gespeichert: Entfernen Sie den Cluster und fügen Sie ihn erneut hinzu.</translation>
    </message>
    <message>
        <source>This value cannot be saved: {detail}</source>
        <translation>Dieser Wert kann nicht gespeichert werden: {detail}</translation>
    </message>
    <message>
        <source>No password or token secret is stored for {name}.</source>
        <translation>Für {name} ist weder ein Passwort noch ein Token-Secret gespeichert.</translation>
    </message>
    <message>
        <source>There is no cluster named “{name}”.</source>
        <translation>Es gibt keinen Cluster namens „{name}“.</translation>
    </message>
    <message>
        <source>A cluster named “{name}” already exists.</source>
        <translation>Ein Cluster namens „{name}“ existiert bereits.</translation>
    </message>
    <message>
        <source>The cluster settings are not valid: {detail}</source>
        <translation>Die Cluster-Einstellungen sind ungültig: {detail}</translation>
    </message>
</context>
<context>
    <name>Events</name>
    <message>
        <source>{object} {name} appeared</source>
        <translation>{object} {name} ist hinzugekommen</translation>
    </message>
    <message>
        <source>{object} {name} disappeared</source>
        <translation>{object} {name} ist verschwunden</translation>
    </message>
    <message>
        <source>{object} {name} started</source>
        <translation>{object} {name} wurde gestartet</translation>
    </message>
    <message>
        <source>{object} {name} stopped</source>
        <translation>{object} {name} wurde gestoppt</translation>
    </message>
    <message>
        <source>{object} {name}: {old} → {new}</source>
        <translation>{object} {name}: {old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} moved from {old} to {new}</source>
        <translation>{object} {name} wurde von {old} nach {new} verschoben</translation>
    </message>
    <message>
        <source>{object} {old} renamed to {new}</source>
        <translation>{object} {old} wurde in {new} umbenannt</translation>
    </message>
    <message>
        <source>{object} {name} tags: {old} → {new}</source>
        <translation>{object} {name}, Tags: {old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} lock: {old} → {new}</source>
        <translation>{object} {name}, Sperre: {old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} template: {old} → {new}</source>
        <translation>{object} {name}, Vorlage: {old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} configuration changed</source>
        <translation>Konfiguration von {object} {name} wurde geändert</translation>
    </message>
    <message>
        <source>Node {name} is online</source>
        <translation>Knoten {name} ist online</translation>
    </message>
    <message>
        <source>Node {name} is offline</source>
        <translation>Knoten {name} ist offline</translation>
    </message>
    <message>
        <source>Connection: {old} → {new}</source>
        <translation>Verbindung: {old} → {new}</translation>
    </message>
</context>
<context>
    <name>FleetState</name>
    <message>
        <source>Connection: {old} → {new}</source>
        <translation>Verbindung: {old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} locked ({new})</source>
        <translation>{object} {name} wurde gesperrt ({new})</translation>
    </message>
    <message>
        <source>{object} {name} unlocked ({old})</source>
        <translation>{object} {name} wurde entsperrt ({old})</translation>
    </message>
    <message>
        <source>Guest {vmid}</source>
        <translation>Gast {vmid}</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausiert</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>ruhend</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>verbinde</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>degraded: some nodes are offline</source>
        <translation>eingeschränkt: einige Knoten sind offline</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>needs login</source>
        <translation>Anmeldung nötig</translation>
    </message>
    <message>
        <source>certificate changed</source>
        <translation>Zertifikat geändert</translation>
    </message>
    <message>
        <source>{entry} stopped answering at {time}</source>
        <translation>{entry} antwortete ab {time} nicht mehr</translation>
    </message>
    <message>
        <source>via {node}</source>
        <translation>über {node}</translation>
    </message>
    <message>
        <source>via {node} — {reason}</source>
        <translation>über {node} — {reason}</translation>
    </message>
</context>
<context>
    <name>FleetTreeModel</name>
    <message>
        <source>Clusters and nodes</source>
        <translation>Cluster und Knoten</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Pools</source>
        <translation>Pools</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flotte</translation>
    </message>
    <message>
        <source>Smart folders</source>
        <translation>Intelligente Ordner</translation>
    </message>
    <message>
        <source>(no tag)</source>
        <translation>(ohne Tag)</translation>
    </message>
    <message>
        <source>(no pool)</source>
        <translation>(ohne Pool)</translation>
    </message>
    <message>
        <source>Last seen {age}</source>
        <translation>Zuletzt gesehen {age}</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{used} of {total}</source>
        <translation>{used} von {total}</translation>
    </message>
    <message>
        <source>{d} d {h} h</source>
        <translation>{d} T {h} Std.</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} Std. {m} Min.</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} Min.</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>{duration} ago</source>
        <translation>vor {duration}</translation>
    </message>
</context>
<context>
    <name>GuestPane</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>HA state</source>
        <translation>HA-Status</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperre</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>Ressourcen</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Konfiguration</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Übergeordnet</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Snapshots</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Your own notes about this guest (kept locally, searchable, never sent to PVE).</source>
        <translation>Ihre eigenen Notizen zu diesem Gast (lokal gespeichert, durchsuchbar, nie an PVE gesendet).</translation>
    </message>
    <message>
        <source>Save notes</source>
        <translation>Notizen speichern</translation>
    </message>
    <message>
        <source>Virtual machine</source>
        <translation>Virtuelle Maschine</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>cached, last seen {age}</source>
        <translation>zwischengespeichert, zuletzt gesehen {age}</translation>
    </message>
    <message>
        <source>live</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>{percent} of {cores} vCPUs</source>
        <translation>{percent} von {cores} vCPUs</translation>
    </message>
    <message>
        <source>Boot disk: {size}</source>
        <translation>Startlaufwerk: {size}</translation>
    </message>
    <message>
        <source>Loading metrics…</source>
        <translation>Lade Messwerte …</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>No snapshots.</source>
        <translation>Keine Snapshots.</translation>
    </message>
    <message>
        <source>No backups found.</source>
        <translation>Keine Backups gefunden.</translation>
    </message>
    <message>
        <source>No tasks.</source>
        <translation>Keine Tasks.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
</context>
<context>
    <name>GuestTableModel</name>
    <message>
        <source>template</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>VM</translation>
    </message>
    <message>
        <source>CT</source>
        <translation>CT</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Max. memory</source>
        <translation>Max. Arbeitsspeicher</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPUs</translation>
    </message>
    <message>
        <source>Disk size</source>
        <translation>Festplattengröße</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>HA</source>
        <translation>HA</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Sperre</translation>
    </message>
    <message>
        <source>{status} · seen {age}</source>
        <translation>{status} · gesehen {age}</translation>
    </message>
    <message>
        <source>Cluster unreachable; last seen {age}</source>
        <translation>Cluster nicht erreichbar; zuletzt gesehen {age}</translation>
    </message>
    <message>
        <source>Locked: {lock}</source>
        <translation>Gesperrt: {lock}</translation>
    </message>
</context>
<context>
    <name>GuestTableView</name>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
</context>
<context>
    <name>HealthBadges</name>
    <message>
        <source>Last sync: {age}</source>
        <translation>Letzte Synchronisierung: {age}</translation>
    </message>
    <message>
        <source>Click to log in again.</source>
        <translation>Klicken, um sich erneut anzumelden.</translation>
    </message>
    <message>
        <source>Click to review the new certificate.</source>
        <translation>Klicken, um das neue Zertifikat zu prüfen.</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Systemsprache verwenden</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Add cluster…</source>
        <translation>Cluster &amp;hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Cluster connection…</source>
        <translation>&amp;Cluster-Verbindung …</translation>
    </message>
    <message>
        <source>&amp;Refresh now</source>
        <translation>Jetzt &amp;aktualisieren</translation>
    </message>
    <message>
        <source>Command &amp;palette…</source>
        <translation>Befehls&amp;palette …</translation>
    </message>
    <message>
        <source>Fleet &amp;dashboard</source>
        <translation>&amp;Dashboard der Flotte</translation>
    </message>
    <message>
        <source>All &amp;guests</source>
        <translation>Alle &amp;Gäste</translation>
    </message>
    <message>
        <source>Focus the &amp;navigation tree</source>
        <translation>&amp;Navigationsbaum fokussieren</translation>
    </message>
    <message>
        <source>Focus the guest &amp;table</source>
        <translation>Gäste&amp;tabelle fokussieren</translation>
    </message>
    <message>
        <source>&amp;Save search as smart folder…</source>
        <translation>Suche als intelligenten Ordner &amp;speichern …</translation>
    </message>
    <message>
        <source>&amp;Delete smart folder</source>
        <translation>Intelligenten Ordner &amp;löschen</translation>
    </message>
    <message>
        <source>Group by: {title}</source>
        <translation>Gruppieren: {title}</translation>
    </message>
    <message>
        <source>Select a guest to see its details.</source>
        <translation>Wählen Sie einen Gast, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>Inventar</translation>
    </message>
    <message>
        <source>Tasks and events</source>
        <translation>Tasks und Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Group the tree by</source>
        <translation>Baum gruppieren nach</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Design</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Dem System folgen</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>&amp;Guest</source>
        <translation>&amp;Gast</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About PveSphere Desktop</source>
        <translation>Ü&amp;ber PveSphere Desktop</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Mehr</translation>
    </message>
    <message>
        <source>This app syncs the cache again.</source>
        <translation>Diese App synchronisiert den Cache wieder selbst.</translation>
    </message>
    <message>
        <source>another process</source>
        <translation>ein anderer Prozess</translation>
    </message>
    <message>
        <source>Synced by {holder}</source>
        <translation>Synchronisiert von {holder}</translation>
    </message>
    <message>
        <source>{holder} keeps this cache in sync, so this window shows what it writes and sends PVE no requests of its own. It takes over when that process ends.</source>
        <translation>{holder} hält diesen Cache aktuell; dieses Fenster zeigt, was dort geschrieben wird, und sendet selbst keine Anfragen an PVE. Es übernimmt, sobald dieser Prozess endet.</translation>
    </message>
    <message>
        <source>Showing what {holder} writes to the cache.</source>
        <translation>Angezeigt wird, was {holder} in den Cache schreibt.</translation>
    </message>
    <message>
        <source>Loading the cache…</source>
        <translation>Lade den Cache …</translation>
    </message>
    <message>
        <source>Connecting to {count} cluster(s)…</source>
        <translation>Verbinde mit {count} Cluster(n) …</translation>
    </message>
    <message>
        <source>The local cache could not be read</source>
        <translation>Der lokale Cache konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Every cluster answered.</source>
        <translation>Alle Cluster haben geantwortet.</translation>
    </message>
    <message>
        <source>{live}/{total} clusters live · {guests} guests</source>
        <translation>{live}/{total} Cluster aktiv · {guests} Gäste</translation>
    </message>
    <message>
        <source>synced {age}</source>
        <translation>synchronisiert {age}</translation>
    </message>
    <message>
        <source>{name} needs you to log in again; it shows cached data until then.</source>
        <translation>{name} erfordert eine erneute Anmeldung; bis dahin werden zwischengespeicherte Daten angezeigt.</translation>
    </message>
    <message>
        <source>Log in…</source>
        <translation>Anmelden …</translation>
    </message>
    <message>
        <source>The certificate of {name} changed; syncing stopped until you decide.</source>
        <translation>Das Zertifikat von {name} hat sich geändert; die Synchronisierung ruht, bis Sie entscheiden.</translation>
    </message>
    <message>
        <source>Review certificate…</source>
        <translation>Zertifikat prüfen …</translation>
    </message>
    <message>
        <source>All guests</source>
        <translation>Alle Gäste</translation>
    </message>
    <message>
        <source>matching “{query}”</source>
        <translation>passend zu „{query}“</translation>
    </message>
    <message>
        <source>{scope} — {shown} of {total} guests</source>
        <translation>{scope} — {shown} von {total} Gästen</translation>
    </message>
    <message>
        <source>Smart folder {name}</source>
        <translation>Intelligenter Ordner {name}</translation>
    </message>
    <message>
        <source>Cluster {name}</source>
        <translation>Cluster {name}</translation>
    </message>
    <message>
        <source>Node {node} ({cluster})</source>
        <translation>Knoten {node} ({cluster})</translation>
    </message>
    <message>
        <source>Group {name}</source>
        <translation>Gruppe {name}</translation>
    </message>
    <message>
        <source>{task} failed: {message}</source>
        <translation>{task} fehlgeschlagen: {message}</translation>
    </message>
    <message>
        <source>{task}: done</source>
        <translation>{task}: erledigt</translation>
    </message>
    <message>
        <source>Task failed</source>
        <translation>Task fehlgeschlagen</translation>
    </message>
    <message>
        <source>Task finished</source>
        <translation>Task beendet</translation>
    </message>
    <message>
        <source>Asked PVE to stop the task.</source>
        <translation>PVE wurde gebeten, den Task zu stoppen.</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>Aktualisiere …</translation>
    </message>
    <message>
        <source>Show in the tree</source>
        <translation>Im Baum zeigen</translation>
    </message>
    <message>
        <source>Cluster connection…</source>
        <translation>Cluster-Verbindung …</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>Jetzt aktualisieren</translation>
    </message>
    <message>
        <source>Log in again…</source>
        <translation>Erneut anmelden …</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>About PveSphere Desktop</source>
        <translation>Über PveSphere Desktop</translation>
    </message>
    <message>
        <source>PveSphere Desktop {version}
Manage fleets of Proxmox VE clusters.</source>
        <translation>PveSphere Desktop {version}
Verwalten Sie ganze Flotten von Proxmox-VE-Clustern.</translation>
    </message>
    <message>
        <source>Add a cluster</source>
        <translation>Cluster hinzufügen</translation>
    </message>
    <message>
        <source>Clusters can be added once the local cache is open.</source>
        <translation>Cluster können hinzugefügt werden, sobald der lokale Cache geöffnet ist.</translation>
    </message>
    <message>
        <source>Cluster connection</source>
        <translation>Cluster-Verbindung</translation>
    </message>
    <message>
        <source>{name} saved; syncing…</source>
        <translation>{name} gespeichert; synchronisiere …</translation>
    </message>
    <message>
        <source>{name} removed.</source>
        <translation>{name} entfernt.</translation>
    </message>
    <message>
        <source>Logged in to {name}.</source>
        <translation>Bei {name} angemeldet.</translation>
    </message>
    <message>
        <source>Save as smart folder</source>
        <translation>Als intelligenten Ordner speichern</translation>
    </message>
    <message>
        <source>Name of the smart folder:</source>
        <translation>Name des intelligenten Ordners:</translation>
    </message>
    <message>
        <source>Starting the demo fleet in a new window…</source>
        <translation>Starte die Demo-Flotte in einem neuen Fenster …</translation>
    </message>
    <message>
        <source>The new language applies the next time PveSphere Desktop starts.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von PveSphere Desktop.</translation>
    </message>
</context>
<context>
    <name>NodePane</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Load average</source>
        <translation>Durchschnittliche Last</translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation>CPUs</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <source>PVE version</source>
        <translation>PVE-Version</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Gäste</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Auslagerung</translation>
    </message>
    <message>
        <source>Root disk</source>
        <translation>Root-Datenträger</translation>
    </message>
    <message>
        <source>Node · {cluster}</source>
        <translation>Knoten · {cluster}</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>{running} running of {total}</source>
        <translation>{running} von {total} laufen</translation>
    </message>
    <message>
        <source>{percent} of {cpus} CPUs</source>
        <translation>{percent} von {cpus} CPUs</translation>
    </message>
</context>
<context>
    <name>ReloginDialog</name>
    <message>
        <source>Log in to {name}</source>
        <translation>Bei {name} anmelden</translation>
    </message>
    <message>
        <source>{name} needs you to log in again ({user}). The rest of the fleet keeps working meanwhile; this cluster shows cached data until then.</source>
        <translation>{name} erfordert eine erneute Anmeldung ({user}). Der Rest der Flotte arbeitet weiter; dieser Cluster zeigt bis dahin zwischengespeicherte Daten.</translation>
    </message>
    <message>
        <source>new token secret (leave empty to retry)</source>
        <translation>neues Token-Geheimnis (leer lassen, um es erneut zu versuchen)</translation>
    </message>
    <message>
        <source>Token secret:</source>
        <translation>Token-Geheimnis:</translation>
    </message>
    <message>
        <source>leave empty to use the stored password</source>
        <translation>leer lassen, um das gespeicherte Passwort zu verwenden</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>TOTP code or recovery key</source>
        <translation>TOTP-Code oder Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>TFA code:</source>
        <translation>TFA-Code:</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Melde an …</translation>
    </message>
    <message>
        <source>Enter the current code of your second factor.</source>
        <translation>Geben Sie den aktuellen Code Ihres zweiten Faktors ein.</translation>
    </message>
</context>
<context>
    <name>Search</name>
    <message>
        <source>Search error at column {column}: {problem}</source>
        <translation>Suchfehler in Spalte {column}: {problem}</translation>
    </message>
    <message>
        <source>the quote opened here is never closed</source>
        <translation>das hier geöffnete Anführungszeichen wird nicht geschlossen</translation>
    </message>
    <message>
        <source>“-” must be followed by a term</source>
        <translation>auf „-“ muss ein Suchbegriff folgen</translation>
    </message>
    <message>
        <source>“{key}{op}” needs a value</source>
        <translation>„{key}{op}“ braucht einen Wert</translation>
    </message>
    <message>
        <source>unknown field “{key}” (known: {known}); put text in quotes to search for it</source>
        <translation>unbekanntes Feld „{key}“ (bekannt: {known}); setzen Sie Text in Anführungszeichen, um danach zu suchen</translation>
    </message>
    <message>
        <source>“{value}” is not a valid {key} (use {choices})</source>
        <translation>„{value}“ ist kein gültiger Wert für {key} (erlaubt: {choices})</translation>
    </message>
    <message>
        <source>“{value}” is not a valid {kind} for {key}</source>
        <translation>„{value}“ ist für {key} keine gültige {kind}</translation>
    </message>
    <message>
        <source>the range “{value}” is empty (the start is after the end)</source>
        <translation>der Bereich „{value}“ ist leer (der Anfang liegt nach dem Ende)</translation>
    </message>
    <message>
        <source>“{value}” is not a valid regular expression: {reason}</source>
        <translation>„{value}“ ist kein gültiger regulärer Ausdruck: {reason}</translation>
    </message>
    <message>
        <source>{key} cannot be compared with “{op}”</source>
        <translation>{key} kann nicht mit „{op}“ verglichen werden</translation>
    </message>
    <message>
        <source>OR needs a term on both sides</source>
        <translation>OR braucht auf beiden Seiten einen Suchbegriff</translation>
    </message>
    <message>
        <source>number</source>
        <translation>Zahl</translation>
    </message>
    <message>
        <source>size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>percentage</source>
        <translation>Prozentangabe</translation>
    </message>
</context>
<context>
    <name>SearchBar</name>
    <message>
        <source>Search guests: web  tag:prod  status:running  node:pve1  mem&gt;4G  (Ctrl+F)</source>
        <translation>Gäste suchen: web  tag:prod  status:running  node:pve1  mem&gt;4G  (Strg+F)</translation>
    </message>
    <message>
        <source>Free text matches name, ID, tags and notes. Qualifiers: {qualifiers}. Negate with -, combine with OR, compare with &gt; &lt; (mem&gt;4G, cpu&gt;50%, uptime&gt;7d).</source>
        <translation>Freitext durchsucht Name, ID, Tags und Notizen. Qualifikatoren: {qualifiers}. Verneinen mit -, verknüpfen mit OR, vergleichen mit &gt; &lt; (mem&gt;4G, cpu&gt;50%, uptime&gt;7d).</translation>
    </message>
    <message>
        <source>Save as smart folder</source>
        <translation>Als intelligenten Ordner speichern</translation>
    </message>
    <message>
        <source>Save this search as a smart folder</source>
        <translation>Diese Suche als intelligenten Ordner speichern</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Column {column}: {problem}</source>
        <translation>Spalte {column}: {problem}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The local cache could not be opened</source>
        <translation>Der lokale Cache konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Credentials are not available</source>
        <translation>Zugangsdaten sind nicht verfügbar</translation>
    </message>
</context>
<context>
    <name>StoragePane</name>
    <message>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>Gemeinsam</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Belegung</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Storage on {node} · {cluster}</source>
        <translation>Speicher auf {node} · {cluster}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>This storage is empty.</source>
        <translation>Dieser Speicher ist leer.</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>{count} of {total} nodes not online ({nodes}); the cluster has no quorum</source>
        <translation>{count} von {total} Knoten nicht online ({nodes}); der Cluster hat kein Quorum</translation>
    </message>
    <message>
        <source>{count} of {total} nodes not online ({nodes})</source>
        <translation>{count} von {total} Knoten nicht online ({nodes})</translation>
    </message>
    <message>
        <source>the cluster has no quorum</source>
        <translation>der Cluster hat kein Quorum</translation>
    </message>
</context>
<context>
    <name>TaskDock</name>
    <message>
        <source>Select a task to see its log.</source>
        <translation>Wählen Sie einen Task, um sein Protokoll zu sehen.</translation>
    </message>
    <message>
        <source>Stop task</source>
        <translation>Task stoppen</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>No log lines yet.</source>
        <translation>Noch keine Protokollzeilen.</translation>
    </message>
    <message>
        <source>This task has no log lines.</source>
        <translation>Dieser Task hat keine Protokollzeilen.</translation>
    </message>
    <message>
        <source>Loading the log…</source>
        <translation>Lade das Protokoll …</translation>
    </message>
</context>
<context>
    <name>TaskModel</name>
    <message>
        <source>VM start</source>
        <translation>VM-Start</translation>
    </message>
    <message>
        <source>VM stop</source>
        <translation>VM-Stopp</translation>
    </message>
    <message>
        <source>VM shutdown</source>
        <translation>VM herunterfahren</translation>
    </message>
    <message>
        <source>VM reboot</source>
        <translation>VM-Neustart</translation>
    </message>
    <message>
        <source>VM reset</source>
        <translation>VM zurücksetzen</translation>
    </message>
    <message>
        <source>VM suspend</source>
        <translation>VM pausieren</translation>
    </message>
    <message>
        <source>VM resume</source>
        <translation>VM fortsetzen</translation>
    </message>
    <message>
        <source>VM pause</source>
        <translation>VM anhalten</translation>
    </message>
    <message>
        <source>VM clone</source>
        <translation>VM klonen</translation>
    </message>
    <message>
        <source>VM create</source>
        <translation>VM erstellen</translation>
    </message>
    <message>
        <source>VM destroy</source>
        <translation>VM löschen</translation>
    </message>
    <message>
        <source>VM migrate</source>
        <translation>VM migrieren</translation>
    </message>
    <message>
        <source>VM snapshot</source>
        <translation>VM-Snapshot</translation>
    </message>
    <message>
        <source>VM rollback</source>
        <translation>VM-Rollback</translation>
    </message>
    <message>
        <source>VM delete snapshot</source>
        <translation>VM-Snapshot löschen</translation>
    </message>
    <message>
        <source>VM convert to template</source>
        <translation>VM in Vorlage umwandeln</translation>
    </message>
    <message>
        <source>VM move disk</source>
        <translation>VM-Disk verschieben</translation>
    </message>
    <message>
        <source>VM resize disk</source>
        <translation>VM-Disk vergrößern</translation>
    </message>
    <message>
        <source>Resize disk</source>
        <translation>Disk vergrößern</translation>
    </message>
    <message>
        <source>VM configure</source>
        <translation>VM konfigurieren</translation>
    </message>
    <message>
        <source>VM remote migrate</source>
        <translation>VM entfernt migrieren</translation>
    </message>
    <message>
        <source>CT start</source>
        <translation>CT-Start</translation>
    </message>
    <message>
        <source>CT stop</source>
        <translation>CT-Stopp</translation>
    </message>
    <message>
        <source>CT shutdown</source>
        <translation>CT herunterfahren</translation>
    </message>
    <message>
        <source>CT reboot</source>
        <translation>CT-Neustart</translation>
    </message>
    <message>
        <source>CT suspend</source>
        <translation>CT pausieren</translation>
    </message>
    <message>
        <source>CT resume</source>
        <translation>CT fortsetzen</translation>
    </message>
    <message>
        <source>CT create</source>
        <translation>CT erstellen</translation>
    </message>
    <message>
        <source>CT clone</source>
        <translation>CT klonen</translation>
    </message>
    <message>
        <source>CT destroy</source>
        <translation>CT löschen</translation>
    </message>
    <message>
        <source>CT migrate</source>
        <translation>CT migrieren</translation>
    </message>
    <message>
        <source>CT snapshot</source>
        <translation>CT-Snapshot</translation>
    </message>
    <message>
        <source>CT rollback</source>
        <translation>CT-Rollback</translation>
    </message>
    <message>
        <source>CT delete snapshot</source>
        <translation>CT-Snapshot löschen</translation>
    </message>
    <message>
        <source>CT convert to template</source>
        <translation>CT in Vorlage umwandeln</translation>
    </message>
    <message>
        <source>CT mount</source>
        <translation>CT einhängen</translation>
    </message>
    <message>
        <source>CT unmount</source>
        <translation>CT aushängen</translation>
    </message>
    <message>
        <source>HA migrate</source>
        <translation>HA-Migration</translation>
    </message>
    <message>
        <source>HA relocate</source>
        <translation>HA-Umzug</translation>
    </message>
    <message>
        <source>HA start</source>
        <translation>HA-Start</translation>
    </message>
    <message>
        <source>HA stop</source>
        <translation>HA-Stopp</translation>
    </message>
    <message>
        <source>Erase data</source>
        <translation>Daten löschen</translation>
    </message>
    <message>
        <source>Copy data</source>
        <translation>Daten kopieren</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Bulk start</source>
        <translation>Massenstart</translation>
    </message>
    <message>
        <source>Bulk shutdown</source>
        <translation>Massen-Herunterfahren</translation>
    </message>
    <message>
        <source>Bulk migrate</source>
        <translation>Massenmigration</translation>
    </message>
    <message>
        <source>SPICE console</source>
        <translation>SPICE-Konsole</translation>
    </message>
    <message>
        <source>SPICE shell</source>
        <translation>SPICE-Shell</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Backup</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>Shell</source>
        <translation>Shell</translation>
    </message>
    <message>
        <source>Update package database</source>
        <translation>Paketdatenbank aktualisieren</translation>
    </message>
    <message>
        <source>Reload service</source>
        <translation>Dienst neu laden</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>warnings</source>
        <translation>Warnungen</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
</context>
<context>
    <name>VaultPrompter</name>
    <message>
        <source>Credential vault</source>
        <translation>Tresor für Zugangsdaten</translation>
    </message>
    <message>
        <source>This system has no usable keyring. Choose a master password for the encrypted vault that will hold your cluster credentials:</source>
        <translation>Dieses System hat keinen nutzbaren Schlüsselbund. Wählen Sie ein Master-Passwort für den verschlüsselten Tresor mit Ihren Cluster-Zugangsdaten:</translation>
    </message>
    <message>
        <source>Master password of the credential vault:</source>
        <translation>Master-Passwort des Tresors:</translation>
    </message>
</context>
</TS>

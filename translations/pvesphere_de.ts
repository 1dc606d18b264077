<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <source>No cluster configured</source>
        <translation>Kein Cluster eingerichtet</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
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
        <source>&amp;About PveSphere Desktop</source>
        <translation>Ü&amp;ber PveSphere Desktop</translation>
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
        <source>The new language applies the next time PveSphere Desktop starts.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von PveSphere Desktop.</translation>
    </message>
    <message>
        <source>This part of the application is being built.</source>
        <translation>Dieser Teil der Anwendung befindet sich noch im Aufbau.</translation>
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
</TS>

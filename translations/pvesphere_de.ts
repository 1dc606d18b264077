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
</TS>

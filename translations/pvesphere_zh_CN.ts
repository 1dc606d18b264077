<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CrashDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside the application. Your clusters were not changed by this error. The details below were written to the log; please include them when you report the problem.</source>
        <translation>应用程序内部出现错误。此错误没有更改您的集群。以下详细信息已写入日志；报告问题时请附上这些信息。</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Welcome to PveSphere Desktop</source>
        <translation>欢迎使用 PveSphere Desktop</translation>
    </message>
    <message>
        <source>No cluster is configured yet. Connect a Proxmox VE cluster or a standalone node with an API token or your login, or explore a simulated demo fleet first.</source>
        <translation>尚未配置任何集群。请使用 API 令牌或您的登录凭据连接 Proxmox VE 集群或独立节点，也可以先体验模拟的演示环境。</translation>
    </message>
    <message>
        <source>Add a cluster…</source>
        <translation>添加集群…</translation>
    </message>
    <message>
        <source>Open the demo fleet</source>
        <translation>打开演示环境</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The operation failed.</source>
        <translation>操作失败。</translation>
    </message>
    <message>
        <source>Cannot reach {host}: {detail}</source>
        <translation>无法连接到 {host}：{detail}</translation>
    </message>
    <message>
        <source>The TLS connection to {host} failed: {detail}</source>
        <translation>与 {host} 的 TLS 连接失败：{detail}</translation>
    </message>
    <message>
        <source>The certificate of {host} has changed. Pinned fingerprint: {expected}. Presented fingerprint: {actual}. Re-pin only if you know why it changed.</source>
        <translation>{host} 的证书已更改。已固定的指纹：{expected}。当前提供的指纹：{actual}。请仅在清楚更改原因时重新固定证书。</translation>
    </message>
    <message>
        <source>The certificate of {host} is not trusted yet. Fingerprint: {fingerprint}, subject: {subject}.</source>
        <translation>{host} 的证书尚未受信任。指纹：{fingerprint}，主题：{subject}。</translation>
    </message>
    <message>
        <source>Authentication failed: {detail}</source>
        <translation>身份验证失败：{detail}</translation>
    </message>
    <message>
        <source>A second factor is required to log in.</source>
        <translation>登录需要进行双因素认证。</translation>
    </message>
    <message>
        <source>Permission denied: {detail}</source>
        <translation>权限不足：{detail}</translation>
    </message>
    <message>
        <source>Not found: {detail}</source>
        <translation>未找到：{detail}</translation>
    </message>
    <message>
        <source>PVE rejected the parameters: {detail}</source>
        <translation>PVE 拒绝了这些参数：{detail}</translation>
    </message>
    <message>
        <source>Conflict: {detail}</source>
        <translation>冲突：{detail}</translation>
    </message>
    <message>
        <source>PVE reported an error: {detail}</source>
        <translation>PVE 报告了错误：{detail}</translation>
    </message>
    <message>
        <source>PVE sent a reply that could not be read: {detail}</source>
        <translation>PVE 返回了无法解析的响应：{detail}</translation>
    </message>
    <message>
        <source>The local cache could not be used: {detail}</source>
        <translation>无法使用本地缓存：{detail}</translation>
    </message>
    <message>
        <source>The credential store could not be used: {detail}</source>
        <translation>无法使用凭据存储：{detail}</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>No cluster configured</source>
        <translation>未配置集群</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About PveSphere Desktop</source>
        <translation>关于 PveSphere Desktop(&amp;A)</translation>
    </message>
    <message>
        <source>About PveSphere Desktop</source>
        <translation>关于 PveSphere Desktop</translation>
    </message>
    <message>
        <source>PveSphere Desktop {version}
Manage fleets of Proxmox VE clusters.</source>
        <translation>PveSphere Desktop {version}
集中管理多个 Proxmox VE 集群。</translation>
    </message>
    <message>
        <source>The new language applies the next time PveSphere Desktop starts.</source>
        <translation>新语言将在下次启动 PveSphere Desktop 时生效。</translation>
    </message>
    <message>
        <source>This part of the application is being built.</source>
        <translation>应用程序的这一部分仍在开发中。</translation>
    </message>
</context>
</TS>

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
        <source>This account only offers a second factor this application cannot use ({methods}). Add a TOTP app or recovery keys to the account, or use an API token instead.</source>
        <translation>此账户只提供本应用无法使用的第二验证因素（{methods}）。请为该账户添加 TOTP 应用或恢复密钥，或改用 API 令牌。</translation>
    </message>
    <message>
        <source>The session with {host} has ended and needs you to log in again.</source>
        <translation>与 {host} 的会话已结束，需要重新登录。</translation>
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
        <source>The task {upid} was still running after {seconds} seconds.</source>
        <translation>任务 {upid} 在 {seconds} 秒后仍在运行。</translation>
    </message>
    <message>
        <source>Invalid {what}: {detail}</source>
        <translation>无效的 {what}：{detail}</translation>
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
    <message>
        <source>Invalid URL: expected https://HOST[:PORT].</source>
        <translation>无效的 URL：应为 https://HOST[:PORT]。</translation>
    </message>
    <message>
        <source>Invalid API token: expected USER@REALM!TOKENID=SECRET.</source>
        <translation>无效的 API 令牌：应为 USER@REALM!TOKENID=SECRET。</translation>
    </message>
    <message>
        <source>Invalid user: expected USER@REALM.</source>
        <translation>无效的用户：应为 USER@REALM。</translation>
    </message>
    <message>
        <source>Invalid SHA-256 fingerprint: expected 32 hexadecimal bytes such as AA:BB:…</source>
        <translation>无效的 SHA-256 指纹：应为 32 个十六进制字节，例如 AA:BB:…</translation>
    </message>
    <message>
        <source>Cannot use the CA file {path}: {detail}</source>
        <translation>无法使用 CA 文件 {path}：{detail}</translation>
    </message>
    <message>
        <source>There is no guest with VMID {vmid} in {cluster}.</source>
        <translation>{cluster} 中没有 VMID 为 {vmid} 的客户机。</translation>
    </message>
    <message>
        <source>“{action}” is not possible for a {type} guest.</source>
        <translation>无法对 {type} 客户机执行“{action}”。</translation>
    </message>
    <message>
        <source>The second factor was not accepted.</source>
        <translation>第二因素验证未通过。</translation>
    </message>
    <message>
        <source>No second-factor login is waiting for an answer.</source>
        <translation>没有等待第二因素验证的登录。</translation>
    </message>
    <message>
        <source>This system has no usable keyring.</source>
        <translation>此系统没有可用的密钥环。</translation>
    </message>
    <message>
        <source>The keyring refused the request ({detail}).</source>
        <translation>密钥环拒绝了请求（{detail}）。</translation>
    </message>
    <message>
        <source>{env} must be “keyring” or “vault”.</source>
        <translation>{env} 必须为“keyring”或“vault”。</translation>
    </message>
    <message>
        <source>The credential vault is locked: enter its master password or set {env}.</source>
        <translation>凭据保险库已锁定：请输入其主密码或设置 {env}。</translation>
    </message>
    <message>
        <source>Wrong master password, or the credential vault was altered.</source>
        <translation>主密码错误，或凭据保险库已被篡改。</translation>
    </message>
    <message>
        <source>The credential vault {path} is damaged.</source>
        <translation>凭据保险库 {path} 已损坏。</translation>
    </message>
    <message>
        <source>The credential vault {path} was written by a newer version of PveSphere.</source>
        <translation>凭据保险库 {path} 由更新版本的 PveSphere 写入。</translation>
    </message>
    <message>
        <source>Cannot read the credential vault {path}: {detail}</source>
        <translation>无法读取凭据保险库 {path}：{detail}</translation>
    </message>
    <message>
        <source>The master password is too short: use at least {minimum} characters.</source>
        <translation>主密码太短：请至少使用 {minimum} 个字符。</translation>
    </message>
    <message>
        <source>No credential is stored for {name}: remove the cluster and add it again.</source>
        <translation>没有为 {name} 存储凭据：请移除该集群后重新添加。</translation>
    </message>
    <message>
        <source>This value cannot be saved: {detail}</source>
        <translation>无法保存此值：{detail}</translation>
    </message>
    <message>
        <source>No password or token secret is stored for {name}.</source>
        <translation>没有为 {name} 存储密码或令牌密钥。</translation>
    </message>
    <message>
        <source>There is no cluster named “{name}”.</source>
        <translation>没有名为“{name}”的集群。</translation>
    </message>
    <message>
        <source>A cluster named “{name}” already exists.</source>
        <translation>名为“{name}”的集群已存在。</translation>
    </message>
    <message>
        <source>The cluster settings are not valid: {detail}</source>
        <translation>集群设置无效：{detail}</translation>
    </message>
</context>
<context>
    <name>Events</name>
    <message>
        <source>{object} {name} appeared</source>
        <translation>{object} {name} 已出现</translation>
    </message>
    <message>
        <source>{object} {name} disappeared</source>
        <translation>{object} {name} 已消失</translation>
    </message>
    <message>
        <source>{object} {name} started</source>
        <translation>{object} {name} 已启动</translation>
    </message>
    <message>
        <source>{object} {name} stopped</source>
        <translation>{object} {name} 已停止</translation>
    </message>
    <message>
        <source>{object} {name}: {old} → {new}</source>
        <translation>{object} {name}：{old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} moved from {old} to {new}</source>
        <translation>{object} {name} 已从 {old} 迁移到 {new}</translation>
    </message>
    <message>
        <source>{object} {old} renamed to {new}</source>
        <translation>{object} {old} 已重命名为 {new}</translation>
    </message>
    <message>
        <source>{object} {name} tags: {old} → {new}</source>
        <translation>{object} {name} 标签：{old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} lock: {old} → {new}</source>
        <translation>{object} {name} 锁：{old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} template: {old} → {new}</source>
        <translation>{object} {name} 模板：{old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} configuration changed</source>
        <translation>{object} {name} 的配置已更改</translation>
    </message>
    <message>
        <source>Node {name} is online</source>
        <translation>节点 {name} 已上线</translation>
    </message>
    <message>
        <source>Node {name} is offline</source>
        <translation>节点 {name} 已离线</translation>
    </message>
    <message>
        <source>Connection: {old} → {new}</source>
        <translation>连接：{old} → {new}</translation>
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
<context>
    <name>Search</name>
    <message>
        <source>Search error at column {column}: {problem}</source>
        <translation>搜索错误（第 {column} 列）：{problem}</translation>
    </message>
    <message>
        <source>the quote opened here is never closed</source>
        <translation>此处开始的引号没有闭合</translation>
    </message>
    <message>
        <source>“-” must be followed by a term</source>
        <translation>“-”后面必须跟一个搜索词</translation>
    </message>
    <message>
        <source>“{key}{op}” needs a value</source>
        <translation>“{key}{op}”需要一个值</translation>
    </message>
    <message>
        <source>unknown field “{key}” (known: {known}); put text in quotes to search for it</source>
        <translation>未知字段“{key}”（已知字段：{known}）；如需搜索此文本，请加引号</translation>
    </message>
    <message>
        <source>“{value}” is not a valid {key} (use {choices})</source>
        <translation>“{value}”不是有效的 {key}（可用值：{choices}）</translation>
    </message>
    <message>
        <source>“{value}” is not a valid {kind} for {key}</source>
        <translation>“{value}”不是 {key} 的有效{kind}</translation>
    </message>
    <message>
        <source>the range “{value}” is empty (the start is after the end)</source>
        <translation>范围“{value}”为空（起点在终点之后）</translation>
    </message>
    <message>
        <source>“{value}” is not a valid regular expression: {reason}</source>
        <translation>“{value}”不是有效的正则表达式：{reason}</translation>
    </message>
    <message>
        <source>{key} cannot be compared with “{op}”</source>
        <translation>{key} 不能使用“{op}”进行比较</translation>
    </message>
    <message>
        <source>OR needs a term on both sides</source>
        <translation>OR 两侧都需要搜索词</translation>
    </message>
    <message>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>percentage</source>
        <translation>百分比</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>{count} of {total} nodes not online ({nodes}); the cluster has no quorum</source>
        <translation>{total} 个节点中有 {count} 个不在线（{nodes}）；集群未达到法定票数（quorum）</translation>
    </message>
    <message>
        <source>{count} of {total} nodes not online ({nodes})</source>
        <translation>{total} 个节点中有 {count} 个不在线（{nodes}）</translation>
    </message>
    <message>
        <source>the cluster has no quorum</source>
        <translation>集群未达到法定票数（quorum）</translation>
    </message>
</context>
</TS>

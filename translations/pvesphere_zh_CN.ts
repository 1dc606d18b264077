<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionRunner</name>
    <message>
        <source>No connection: actions need a configured cluster.</source>
        <translation>无连接：操作需要已配置的集群。</translation>
    </message>
    <message>
        <source>{action} is not possible for the selected guests.</source>
        <translation>所选虚拟机无法执行“{action}”。</translation>
    </message>
    <message>
        <source>{action}: {count} task(s) started</source>
        <translation>{action}：已启动 {count} 个任务</translation>
    </message>
    <message>
        <source>internal error (details in the log)</source>
        <translation>内部错误（详见日志）</translation>
    </message>
</context>
<context>
    <name>Actions</name>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Shut down</source>
        <translation>关机</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reboot</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
</context>
<context>
    <name>AddClusterDialog</name>
    <message>
        <source>Edit cluster connection</source>
        <translation>编辑集群连接</translation>
    </message>
    <message>
        <source>Add a cluster</source>
        <translation>添加集群</translation>
    </message>
    <message>
        <source>Connect a Proxmox VE cluster or a standalone node. An API token is recommended for background work; a user login works too, with two-factor codes.</source>
        <translation>连接 Proxmox VE 集群或独立节点。后台工作建议使用 API 令牌；也可以使用用户登录（支持双因素验证码）。</translation>
    </message>
    <message>
        <source>e.g. fra-prod</source>
        <translation>例如 fra-prod</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL：</translation>
    </message>
    <message>
        <source>Log in with</source>
        <translation>登录方式</translation>
    </message>
    <message>
        <source>API token</source>
        <translation>API 令牌</translation>
    </message>
    <message>
        <source>User and password</source>
        <translation>用户名和密码</translation>
    </message>
    <message>
        <source>USER@REALM!TOKENID (or paste the whole token)</source>
        <translation>用户@域!令牌ID（或粘贴完整令牌）</translation>
    </message>
    <message>
        <source>Token ID:</source>
        <translation>令牌 ID：</translation>
    </message>
    <message>
        <source>Secret:</source>
        <translation>密钥：</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>only if the account uses two-factor login</source>
        <translation>仅当帐户启用双因素登录时填写</translation>
    </message>
    <message>
        <source>TFA code:</source>
        <translation>双因素验证码：</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>Pin the certificate (trust on first use)</source>
        <translation>固定证书（首次使用时信任）</translation>
    </message>
    <message>
        <source>Verify with the system&apos;s certificate authorities</source>
        <translation>使用系统证书颁发机构验证</translation>
    </message>
    <message>
        <source>Verify with a CA file…</source>
        <translation>使用 CA 文件验证…</translation>
    </message>
    <message>
        <source>Choose CA file…</source>
        <translation>选择 CA 文件…</translation>
    </message>
    <message>
        <source>Testing the connection first shows the certificate the server presents, with its fingerprint; nothing is trusted before you confirm it.</source>
        <translation>测试连接时会先显示服务器出示的证书及其指纹；在您确认之前不会信任任何证书。</translation>
    </message>
    <message>
        <source>I have compared this fingerprint with the one shown on the server; trust it</source>
        <translation>我已将此指纹与服务器上显示的指纹核对；信任它</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Add cluster</source>
        <translation>添加集群</translation>
    </message>
    <message>
        <source>Remove cluster…</source>
        <translation>移除集群…</translation>
    </message>
    <message>
        <source>Re-pin certificate…</source>
        <translation>重新固定证书…</translation>
    </message>
    <message>
        <source>unchanged (stored in the keyring)</source>
        <translation>不变（已存储在密钥环中）</translation>
    </message>
    <message>
        <source>Pinned:</source>
        <translation>已固定：</translation>
    </message>
    <message>
        <source>CA certificate (PEM)</source>
        <translation>CA 证书（PEM）</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>CA file: {path}</source>
        <translation>CA 文件：{path}</translation>
    </message>
    <message>
        <source>give the connection a name</source>
        <translation>请为连接命名</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>expected USER@REALM!TOKENID</source>
        <translation>应为 用户@域!令牌ID</translation>
    </message>
    <message>
        <source>token ID</source>
        <translation>令牌 ID</translation>
    </message>
    <message>
        <source>enter a user name</source>
        <translation>请输入用户名</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>choose a CA file</source>
        <translation>请选择 CA 文件</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>enter the secret or password</source>
        <translation>请输入密钥或密码</translation>
    </message>
    <message>
        <source>secret</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Reading the certificate…</source>
        <translation>正在读取证书…</translation>
    </message>
    <message>
        <source>The server presented this certificate:</source>
        <translation>服务器出示了以下证书：</translation>
    </message>
    <message>
        <source>Compare the fingerprint, tick the box, then test the connection again.</source>
        <translation>请核对指纹并勾选复选框，然后再次测试连接。</translation>
    </message>
    <message>
        <source>cluster “{name}”</source>
        <translation>集群“{name}”</translation>
    </message>
    <message>
        <source>standalone node</source>
        <translation>独立节点</translation>
    </message>
    <message>
        <source>Connected: PVE {version}, {kind}, {nodes} nodes ({online} online)</source>
        <translation>已连接：PVE {version}，{kind}，{nodes} 个节点（{online} 个在线）</translation>
    </message>
    <message>
        <source>This account uses two-factor login: enter the current code.</source>
        <translation>此帐户启用了双因素登录：请输入当前验证码。</translation>
    </message>
    <message>
        <source>Check the certificate settings above.</source>
        <translation>请检查上方的证书设置。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Remove cluster</source>
        <translation>移除集群</translation>
    </message>
    <message>
        <source>Remove {name}? Its settings, stored credential and cached data are deleted from this computer. The cluster itself is not changed.</source>
        <translation>移除 {name}？其设置、已存储的凭据和缓存数据将从本机删除。集群本身不受影响。</translation>
    </message>
</context>
<context>
    <name>BulkResultDialog</name>
    <message>
        <source>{action}: results</source>
        <translation>{action}：结果</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>failed: {message}</source>
        <translation>失败：{message}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>{done} of {total} finished, {failed} failed</source>
        <translation>已完成 {done}/{total}，失败 {failed} 个</translation>
    </message>
</context>
<context>
    <name>Certificate</name>
    <message>
        <source>(self-signed)</source>
        <translation>（自签名）</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256 指纹</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>颁发者</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
</context>
<context>
    <name>CertificateChangedDialog</name>
    <message>
        <source>Certificate changed: {name}</source>
        <translation>证书已更改：{name}</translation>
    </message>
    <message>
        <source>The certificate of {endpoint} is not the one you trusted. This happens when the certificate was renewed or replaced, but also when someone intercepts the connection. Pin the new one only if you know why it changed.</source>
        <translation>{endpoint} 的证书不是您信任的那个。证书续期或更换时会出现这种情况，但也可能是有人拦截了连接。只有在清楚证书更改原因时才固定新证书。</translation>
    </message>
    <message>
        <source>Pinned fingerprint:</source>
        <translation>已固定的指纹：</translation>
    </message>
    <message>
        <source>Presented certificate:</source>
        <translation>出示的证书：</translation>
    </message>
    <message>
        <source>Trust the new certificate</source>
        <translation>信任新证书</translation>
    </message>
</context>
<context>
    <name>Charts</name>
    <message>
        <source>Hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>天</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>CPU usage</source>
        <translation>CPU 使用率</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>In</source>
        <translation>入站</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>出站</translation>
    </message>
    <message>
        <source>Disk I/O</source>
        <translation>磁盘 I/O</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>读取</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写入</translation>
    </message>
    <message>
        <source>IO delay</source>
        <translation>IO 延迟</translation>
    </message>
    <message>
        <source>Server load</source>
        <translation>服务器负载</translation>
    </message>
    <message>
        <source>Load average</source>
        <translation>平均负载</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>使用情况</translation>
    </message>
    <message>
        <source>No metrics yet.</source>
        <translation>暂无指标数据。</translation>
    </message>
</context>
<context>
    <name>ClusterPane</name>
    <message>
        <source>Connection…</source>
        <translation>连接…</translation>
    </message>
    <message>
        <source>Log in again…</source>
        <translation>重新登录…</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Talking to</source>
        <translation>当前连接</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>PVE cluster name</source>
        <translation>PVE 集群名称</translation>
    </message>
    <message>
        <source>PVE version</source>
        <translation>PVE 版本</translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation>法定人数</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>HA resources</source>
        <translation>HA 资源</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Failed over: {reason}</source>
        <translation>已故障转移：{reason}</translation>
    </message>
    <message>
        <source>quorate</source>
        <translation>有法定人数</translation>
    </message>
    <message>
        <source>NOT quorate</source>
        <translation>无法定人数</translation>
    </message>
    <message>
        <source>{online} of {total} online</source>
        <translation>{online}/{total} 在线</translation>
    </message>
    <message>
        <source>{running} running of {total}</source>
        <translation>{running}/{total} 运行中</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>{menu}: {command}</source>
        <translation>{menu}：{command}</translation>
    </message>
    <message>
        <source>Type a guest name or ID, a node, a cluster, or a command…</source>
        <translation>输入虚拟机名称或 ID、节点、集群或命令…</translation>
    </message>
    <message>
        <source>↑↓ to choose · Enter to run · Esc to close</source>
        <translation>↑↓ 选择 · 回车执行 · Esc 关闭</translation>
    </message>
    <message>
        <source>cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>node · {cluster}</source>
        <translation>节点 · {cluster}</translation>
    </message>
    <message>
        <source>storage · {node} · {cluster}</source>
        <translation>存储 · {node} · {cluster}</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>{action} guests</source>
        <translation>{action}虚拟机</translation>
    </message>
    <message>
        <source>{action} {guest}?</source>
        <translation>{action} {guest}？</translation>
    </message>
    <message>
        <source>{action} these {count} guests?</source>
        <translation>对这 {count} 台虚拟机执行“{action}”？</translation>
    </message>
    <message>
        <source>This is like pulling the power plug: the guest&apos;s operating system cannot shut down cleanly and unsaved data is lost.</source>
        <translation>这相当于拔掉电源：虚拟机的操作系统无法正常关机，未保存的数据将丢失。</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{count} selected guests are skipped: {action} is not possible in their state.</source>
        <translation>将跳过 {count} 台所选虚拟机：其当前状态无法执行“{action}”。</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>Ctrl+Alt+Del</source>
        <translation>Ctrl+Alt+Del</translation>
    </message>
    <message>
        <source>Ctrl+Alt+Backspace</source>
        <translation>Ctrl+Alt+Backspace</translation>
    </message>
    <message>
        <source>Ctrl+Alt+Insert</source>
        <translation>Ctrl+Alt+Insert</translation>
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
        <translation>Ctrl+Esc</translation>
    </message>
    <message>
        <source>Windows key</source>
        <translation>Windows 键</translation>
    </message>
    <message>
        <source>Print Screen</source>
        <translation>Print Screen</translation>
    </message>
    <message>
        <source>Alt+SysRq</source>
        <translation>Alt+SysRq</translation>
    </message>
    <message>
        <source>Cannot reach {host}: {detail}</source>
        <translation>无法连接到 {host}：{detail}</translation>
    </message>
    <message>
        <source>{host} did not answer in time.</source>
        <translation>{host} 未能及时响应。</translation>
    </message>
    <message>
        <source>The secure connection to {host} failed: {detail}</source>
        <translation>与 {host} 的安全连接失败：{detail}</translation>
    </message>
    <message>
        <source>{detail}</source>
        <translation>{detail}</translation>
    </message>
    <message>
        <source>PVE refused the console ticket or the session&apos;s credentials ({detail}).</source>
        <translation>PVE 拒绝了控制台票据或会话凭据（{detail}）。</translation>
    </message>
    <message>
        <source>The console ticket expired before the connection was made. Reconnect for a new one.</source>
        <translation>控制台票据在连接建立前已过期。请重新连接以获取新票据。</translation>
    </message>
    <message>
        <source>Permission denied: {detail}</source>
        <translation>权限不足：{detail}</translation>
    </message>
    <message>
        <source>The console refused the login: {detail}</source>
        <translation>控制台拒绝了登录：{detail}</translation>
    </message>
    <message>
        <source>PVE could not open the console: {detail}</source>
        <translation>PVE 无法打开控制台：{detail}</translation>
    </message>
    <message>
        <source>The console closed the connection during login.</source>
        <translation>控制台在登录过程中关闭了连接。</translation>
    </message>
    <message>
        <source>The console was closed by the server (the guest may have stopped).</source>
        <translation>服务器关闭了控制台（虚拟机或容器可能已停止）。</translation>
    </message>
    <message>
        <source>The connection to the console was lost.</source>
        <translation>与控制台的连接已断开。</translation>
    </message>
    <message>
        <source>The console view did not connect in time.</source>
        <translation>控制台视图未能及时连接。</translation>
    </message>
    <message>
        <source>Disconnected.</source>
        <translation>已断开连接。</translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation>未连接。</translation>
    </message>
    <message>
        <source>Connecting to {host}…</source>
        <translation>正在连接 {host}…</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>已连接。</translation>
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
        <translation>{name}（{vmid}）{serial} · {cluster}</translation>
    </message>
    <message>
        <source>{name} ({vmid}) · {cluster}</source>
        <translation>{name}（{vmid}）· {cluster}</translation>
    </message>
    <message>
        <source>The API token of {cluster} cannot open a node shell on PVE {version} (possible from 9.0.13). Log in with a password to open it.</source>
        <translation>{cluster} 的 API 令牌无法在 PVE {version} 上打开节点 Shell（9.0.13 起支持）。请使用密码登录后再打开。</translation>
    </message>
    <message>
        <source>remote-viewer is not installed. Install it with: brew install virt-viewer</source>
        <translation>未安装 remote-viewer。请使用以下命令安装：brew install virt-viewer</translation>
    </message>
    <message>
        <source>remote-viewer is not installed. Install virt-viewer for Windows from https://virt-manager.org/download and try again.</source>
        <translation>未安装 remote-viewer。请从 https://virt-manager.org/download 安装 Windows 版 virt-viewer，然后重试。</translation>
    </message>
    <message>
        <source>remote-viewer is not installed. Install the virt-viewer package, for example: sudo apt install virt-viewer (Debian, Ubuntu) or sudo dnf install virt-viewer (Fedora).</source>
        <translation>未安装 remote-viewer。请安装 virt-viewer 软件包，例如：sudo apt install virt-viewer（Debian、Ubuntu）或 sudo dnf install virt-viewer（Fedora）。</translation>
    </message>
</context>
<context>
    <name>ConsoleFeature</name>
    <message>
        <source>Open &amp;console</source>
        <translation>打开控制台(&amp;C)</translation>
    </message>
    <message>
        <source>Open the selected guests&apos; consoles</source>
        <translation>打开所选虚拟机的控制台</translation>
    </message>
    <message>
        <source>Open &amp;serial console</source>
        <translation>打开串行控制台(&amp;S)</translation>
    </message>
    <message>
        <source>Open node &amp;shell</source>
        <translation>打开节点 Shell(&amp;S)</translation>
    </message>
    <message>
        <source>Open in &amp;remote-viewer (SPICE)</source>
        <translation>用 remote-viewer 打开（SPICE）(&amp;R)</translation>
    </message>
    <message>
        <source>Open shell on node {node}</source>
        <translation>打开节点 {node} 的 Shell</translation>
    </message>
    <message>
        <source>Consoles</source>
        <translation>控制台</translation>
    </message>
</context>
<context>
    <name>ConsoleLoginDialog</name>
    <message>
        <source>Log in to open the console</source>
        <translation>登录以打开控制台</translation>
    </message>
    <message>
        <source>The API token of {cluster} cannot open this console. Log in as a user who can; the login is kept in memory for consoles only and never saved.</source>
        <translation>{cluster} 的 API 令牌无法打开此控制台。请以有此权限的用户登录；登录信息仅保留在内存中供控制台使用，绝不会保存。</translation>
    </message>
    <message>
        <source>TOTP code or recovery key</source>
        <translation>TOTP 验证码或恢复密钥</translation>
    </message>
    <message>
        <source>Second factor:</source>
        <translation>第二因素：</translation>
    </message>
    <message>
        <source>User (user@realm):</source>
        <translation>用户（user@realm）：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Enter the second factor of this account.</source>
        <translation>请输入此帐户的第二因素验证码。</translation>
    </message>
</context>
<context>
    <name>ConsolePane</name>
    <message>
        <source>Ctrl+Alt+Del</source>
        <translation>Ctrl+Alt+Del</translation>
    </message>
    <message>
        <source>Send Ctrl+Alt+Del to the guest</source>
        <translation>向虚拟机发送 Ctrl+Alt+Del</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Send another key combination</source>
        <translation>发送其他组合键</translation>
    </message>
    <message>
        <source>Type clipboard</source>
        <translation>键入剪贴板内容</translation>
    </message>
    <message>
        <source>Type the clipboard&apos;s text as keystrokes</source>
        <translation>以按键方式输入剪贴板中的文本</translation>
    </message>
    <message>
        <source>Paste clipboard</source>
        <translation>粘贴剪贴板内容</translation>
    </message>
    <message>
        <source>Send the clipboard&apos;s text to the terminal</source>
        <translation>将剪贴板中的文本发送到终端</translation>
    </message>
    <message>
        <source>Scale to fit</source>
        <translation>缩放以适应</translation>
    </message>
    <message>
        <source>Scale the screen to the pane, or show native size</source>
        <translation>将屏幕缩放到窗格大小，或以原始尺寸显示</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Screenshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>Save a picture of the console</source>
        <translation>保存控制台截图</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>Log in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>分离</translation>
    </message>
    <message>
        <source>Open this console in its own window</source>
        <translation>在独立窗口中打开此控制台</translation>
    </message>
    <message>
        <source>Dock</source>
        <translation>停靠</translation>
    </message>
    <message>
        <source>Put this console back into the tabs</source>
        <translation>将此控制台放回标签页</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Logging in</source>
        <translation>正在登录</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Connection failed</source>
        <translation>连接失败</translation>
    </message>
    <message>
        <source>Only the first {count} characters were typed.</source>
        <translation>仅输入了前 {count} 个字符。</translation>
    </message>
    <message>
        <source>The clipboard holds no text.</source>
        <translation>剪贴板中没有文本。</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>The screenshot could not be saved.</source>
        <translation>无法保存截图。</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
</context>
<context>
    <name>ConsoleWorkspace</name>
    <message>
        <source>No console is open in the tabs. Open one from a guest&apos;s or a node&apos;s context menu, the detail pane or the command palette.</source>
        <translation>标签页中没有打开的控制台。可通过虚拟机或节点的右键菜单、详情面板或命令面板打开。</translation>
    </message>
</context>
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
    <name>Dashboard</name>
    <message>
        <source>Clusters</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Running tasks</source>
        <translation>运行中的任务</translation>
    </message>
    <message>
        <source>Fleet usage</source>
        <translation>集群群组使用情况</translation>
    </message>
    <message>
        <source>CPU (nodes)</source>
        <translation>CPU（节点）</translation>
    </message>
    <message>
        <source>Memory (nodes)</source>
        <translation>内存（节点）</translation>
    </message>
    <message>
        <source>Storage pools</source>
        <translation>存储池</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
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
        <translation>内存</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Top CPU</source>
        <translation>CPU 占用最高</translation>
    </message>
    <message>
        <source>Top memory</source>
        <translation>内存占用最高</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>最近变更</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>{ok} online, {problems} with problems</source>
        <translation>{ok} 个在线，{problems} 个有问题</translation>
    </message>
    <message>
        <source>{online} online</source>
        <translation>{online} 个在线</translation>
    </message>
    <message>
        <source>{running} running · {vms} VMs, {cts} containers, {templates} templates</source>
        <translation>{running} 个运行中 · {vms} 台虚拟机，{cts} 个容器，{templates} 个模板</translation>
    </message>
    <message>
        <source>in the task list below</source>
        <translation>见下方任务列表</translation>
    </message>
    <message>
        <source>{used:.0f} of {total} cores</source>
        <translation>{used:.0f}/{total} 核</translation>
    </message>
    <message>
        <source>{running}/{total} running</source>
        <translation>{running}/{total} 运行中</translation>
    </message>
    <message>
        <source>{percent} of {cores} vCPUs</source>
        <translation>{cores} 个 vCPU 的 {percent}</translation>
    </message>
    <message>
        <source>No running guests.</source>
        <translation>没有运行中的虚拟机。</translation>
    </message>
    <message>
        <source>Nothing changed recently.</source>
        <translation>最近没有变更。</translation>
    </message>
    <message>
        <source>No recent tasks.</source>
        <translation>没有最近的任务。</translation>
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
    <name>FleetState</name>
    <message>
        <source>Connection: {old} → {new}</source>
        <translation>连接：{old} → {new}</translation>
    </message>
    <message>
        <source>{object} {name} locked ({new})</source>
        <translation>{object} {name} 已加锁（{new}）</translation>
    </message>
    <message>
        <source>{object} {name} unlocked ({old})</source>
        <translation>{object} {name} 已解锁（{old}）</translation>
    </message>
    <message>
        <source>Guest {vmid}</source>
        <translation>虚拟机 {vmid}</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>已休眠</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>degraded: some nodes are offline</source>
        <translation>降级：部分节点离线</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <source>needs login</source>
        <translation>需要登录</translation>
    </message>
    <message>
        <source>certificate changed</source>
        <translation>证书已更改</translation>
    </message>
    <message>
        <source>{entry} stopped answering at {time}</source>
        <translation>{entry} 于 {time} 停止响应</translation>
    </message>
    <message>
        <source>via {node}</source>
        <translation>经由 {node}</translation>
    </message>
    <message>
        <source>via {node} — {reason}</source>
        <translation>经由 {node} — {reason}</translation>
    </message>
</context>
<context>
    <name>FleetTreeModel</name>
    <message>
        <source>Clusters and nodes</source>
        <translation>集群和节点</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Pools</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>全部集群</translation>
    </message>
    <message>
        <source>Smart folders</source>
        <translation>智能文件夹</translation>
    </message>
    <message>
        <source>(no tag)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>(no pool)</source>
        <translation>（无资源池）</translation>
    </message>
    <message>
        <source>Last seen {age}</source>
        <translation>最后一次可见：{age}</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>容器</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>{used} of {total}</source>
        <translation>{used} / {total}</translation>
    </message>
    <message>
        <source>{d} d {h} h</source>
        <translation>{d} 天 {h} 小时</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
    <message>
        <source>{m} min</source>
        <translation>{m} 分钟</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>{duration} ago</source>
        <translation>{duration}前</translation>
    </message>
</context>
<context>
    <name>GuestPane</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>HA state</source>
        <translation>HA 状态</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Resources</source>
        <translation>资源</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>父快照</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>快照</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Your own notes about this guest (kept locally, searchable, never sent to PVE).</source>
        <translation>您对此虚拟机的个人备注（仅保存在本地，可搜索，不会发送到 PVE）。</translation>
    </message>
    <message>
        <source>Save notes</source>
        <translation>保存备注</translation>
    </message>
    <message>
        <source>Virtual machine</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>cached, last seen {age}</source>
        <translation>缓存数据，最后一次可见：{age}</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>{percent} of {cores} vCPUs</source>
        <translation>{cores} 个 vCPU 的 {percent}</translation>
    </message>
    <message>
        <source>Boot disk: {size}</source>
        <translation>启动磁盘：{size}</translation>
    </message>
    <message>
        <source>Loading metrics…</source>
        <translation>正在加载指标…</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No snapshots.</source>
        <translation>没有快照。</translation>
    </message>
    <message>
        <source>No backups found.</source>
        <translation>未找到备份。</translation>
    </message>
    <message>
        <source>No tasks.</source>
        <translation>没有任务。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>GuestTableModel</name>
    <message>
        <source>template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>CT</source>
        <translation>容器</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Max. memory</source>
        <translation>最大内存</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Disk size</source>
        <translation>磁盘大小</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>资源池</translation>
    </message>
    <message>
        <source>HA</source>
        <translation>HA</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁</translation>
    </message>
    <message>
        <source>{status} · seen {age}</source>
        <translation>{status} · 可见于 {age}</translation>
    </message>
    <message>
        <source>Cluster unreachable; last seen {age}</source>
        <translation>集群无法访问；最后一次可见：{age}</translation>
    </message>
    <message>
        <source>Locked: {lock}</source>
        <translation>已锁定：{lock}</translation>
    </message>
</context>
<context>
    <name>GuestTableView</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
</context>
<context>
    <name>HealthBadges</name>
    <message>
        <source>Last sync: {age}</source>
        <translation>上次同步：{age}</translation>
    </message>
    <message>
        <source>Click to log in again.</source>
        <translation>点击重新登录。</translation>
    </message>
    <message>
        <source>Click to review the new certificate.</source>
        <translation>点击查看新证书。</translation>
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
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Add cluster…</source>
        <translation>添加集群(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Cluster connection…</source>
        <translation>集群连接(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Refresh now</source>
        <translation>立即刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Command &amp;palette…</source>
        <translation>命令面板(&amp;P)…</translation>
    </message>
    <message>
        <source>Fleet &amp;dashboard</source>
        <translation>总览仪表板(&amp;D)</translation>
    </message>
    <message>
        <source>All &amp;guests</source>
        <translation>所有虚拟机(&amp;G)</translation>
    </message>
    <message>
        <source>Focus the &amp;navigation tree</source>
        <translation>聚焦导航树(&amp;N)</translation>
    </message>
    <message>
        <source>Focus the guest &amp;table</source>
        <translation>聚焦虚拟机表格(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Save search as smart folder…</source>
        <translation>将搜索保存为智能文件夹(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Delete smart folder</source>
        <translation>删除智能文件夹(&amp;D)</translation>
    </message>
    <message>
        <source>Group by: {title}</source>
        <translation>分组方式：{title}</translation>
    </message>
    <message>
        <source>Select a guest to see its details.</source>
        <translation>选择一台虚拟机以查看详情。</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>资源清单</translation>
    </message>
    <message>
        <source>Tasks and events</source>
        <translation>任务和事件</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Group the tree by</source>
        <translation>导航树分组方式</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Guest</source>
        <translation>虚拟机(&amp;G)</translation>
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
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About PveSphere Desktop</source>
        <translation>关于 PveSphere Desktop(&amp;A)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>This app syncs the cache again.</source>
        <translation>本应用已重新自行同步缓存。</translation>
    </message>
    <message>
        <source>another process</source>
        <translation>另一个进程</translation>
    </message>
    <message>
        <source>Synced by {holder}</source>
        <translation>由 {holder} 同步</translation>
    </message>
    <message>
        <source>{holder} keeps this cache in sync, so this window shows what it writes and sends PVE no requests of its own. It takes over when that process ends.</source>
        <translation>{holder} 正在同步此缓存，因此本窗口显示其写入的内容，自身不向 PVE 发送任何请求。该进程结束后本应用将接管同步。</translation>
    </message>
    <message>
        <source>Showing what {holder} writes to the cache.</source>
        <translation>正在显示 {holder} 写入缓存的内容。</translation>
    </message>
    <message>
        <source>Loading the cache…</source>
        <translation>正在加载缓存…</translation>
    </message>
    <message>
        <source>Connecting to {count} cluster(s)…</source>
        <translation>正在连接 {count} 个集群…</translation>
    </message>
    <message>
        <source>The local cache could not be read</source>
        <translation>无法读取本地缓存</translation>
    </message>
    <message>
        <source>Every cluster answered.</source>
        <translation>所有集群均已响应。</translation>
    </message>
    <message>
        <source>{live}/{total} clusters live · {guests} guests</source>
        <translation>{live}/{total} 个集群在线 · {guests} 台虚拟机</translation>
    </message>
    <message>
        <source>synced {age}</source>
        <translation>同步于 {age}</translation>
    </message>
    <message>
        <source>{name} needs you to log in again; it shows cached data until then.</source>
        <translation>{name} 需要重新登录；在此之前显示缓存数据。</translation>
    </message>
    <message>
        <source>Log in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>The certificate of {name} changed; syncing stopped until you decide.</source>
        <translation>{name} 的证书已更改；同步已暂停，等待您决定。</translation>
    </message>
    <message>
        <source>Review certificate…</source>
        <translation>查看证书…</translation>
    </message>
    <message>
        <source>All guests</source>
        <translation>所有虚拟机</translation>
    </message>
    <message>
        <source>matching “{query}”</source>
        <translation>匹配“{query}”</translation>
    </message>
    <message>
        <source>{scope} — {shown} of {total} guests</source>
        <translation>{scope} — 显示 {shown}/{total} 台虚拟机</translation>
    </message>
    <message>
        <source>Smart folder {name}</source>
        <translation>智能文件夹 {name}</translation>
    </message>
    <message>
        <source>Cluster {name}</source>
        <translation>集群 {name}</translation>
    </message>
    <message>
        <source>Node {node} ({cluster})</source>
        <translation>节点 {node}（{cluster}）</translation>
    </message>
    <message>
        <source>Group {name}</source>
        <translation>分组 {name}</translation>
    </message>
    <message>
        <source>{task} failed: {message}</source>
        <translation>{task} 失败：{message}</translation>
    </message>
    <message>
        <source>{task}: done</source>
        <translation>{task}：完成</translation>
    </message>
    <message>
        <source>Task failed</source>
        <translation>任务失败</translation>
    </message>
    <message>
        <source>Task finished</source>
        <translation>任务完成</translation>
    </message>
    <message>
        <source>Asked PVE to stop the task.</source>
        <translation>已请求 PVE 停止该任务。</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>正在刷新…</translation>
    </message>
    <message>
        <source>Show in the tree</source>
        <translation>在导航树中显示</translation>
    </message>
    <message>
        <source>Cluster connection…</source>
        <translation>集群连接…</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation>立即刷新</translation>
    </message>
    <message>
        <source>Log in again…</source>
        <translation>重新登录…</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
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
        <source>Add a cluster</source>
        <translation>添加集群</translation>
    </message>
    <message>
        <source>Clusters can be added once the local cache is open.</source>
        <translation>本地缓存打开后才能添加集群。</translation>
    </message>
    <message>
        <source>Cluster connection</source>
        <translation>集群连接</translation>
    </message>
    <message>
        <source>{name} saved; syncing…</source>
        <translation>{name} 已保存；正在同步…</translation>
    </message>
    <message>
        <source>{name} removed.</source>
        <translation>{name} 已移除。</translation>
    </message>
    <message>
        <source>Logged in to {name}.</source>
        <translation>已登录 {name}。</translation>
    </message>
    <message>
        <source>Save as smart folder</source>
        <translation>保存为智能文件夹</translation>
    </message>
    <message>
        <source>Name of the smart folder:</source>
        <translation>智能文件夹名称：</translation>
    </message>
    <message>
        <source>Starting the demo fleet in a new window…</source>
        <translation>正在新窗口中启动演示集群…</translation>
    </message>
    <message>
        <source>The new language applies the next time PveSphere Desktop starts.</source>
        <translation>新语言将在下次启动 PveSphere Desktop 时生效。</translation>
    </message>
</context>
<context>
    <name>NodePane</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Load average</source>
        <translation>平均负载</translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>内核</translation>
    </message>
    <message>
        <source>PVE version</source>
        <translation>PVE 版本</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>交换空间</translation>
    </message>
    <message>
        <source>Root disk</source>
        <translation>根磁盘</translation>
    </message>
    <message>
        <source>Node · {cluster}</source>
        <translation>节点 · {cluster}</translation>
    </message>
    <message>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{running} running of {total}</source>
        <translation>{running}/{total} 运行中</translation>
    </message>
    <message>
        <source>{percent} of {cpus} CPUs</source>
        <translation>{cpus} 个 CPU 的 {percent}</translation>
    </message>
</context>
<context>
    <name>ReloginDialog</name>
    <message>
        <source>Log in to {name}</source>
        <translation>登录 {name}</translation>
    </message>
    <message>
        <source>{name} needs you to log in again ({user}). The rest of the fleet keeps working meanwhile; this cluster shows cached data until then.</source>
        <translation>{name} 需要重新登录（{user}）。其余集群照常工作；在此之前该集群显示缓存数据。</translation>
    </message>
    <message>
        <source>new token secret (leave empty to retry)</source>
        <translation>新的令牌密钥（留空则重试）</translation>
    </message>
    <message>
        <source>Token secret:</source>
        <translation>令牌密钥：</translation>
    </message>
    <message>
        <source>leave empty to use the stored password</source>
        <translation>留空则使用已存储的密码</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>TOTP code or recovery key</source>
        <translation>TOTP 验证码或恢复密钥</translation>
    </message>
    <message>
        <source>TFA code:</source>
        <translation>双因素验证码：</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Enter the current code of your second factor.</source>
        <translation>请输入第二因素的当前验证码。</translation>
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
    <name>SearchBar</name>
    <message>
        <source>Search guests: web  tag:prod  status:running  node:pve1  mem&gt;4G  (Ctrl+F)</source>
        <translation>搜索虚拟机：web  tag:prod  status:running  node:pve1  mem&gt;4G  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Free text matches name, ID, tags and notes. Qualifiers: {qualifiers}. Negate with -, combine with OR, compare with &gt; &lt; (mem&gt;4G, cpu&gt;50%, uptime&gt;7d).</source>
        <translation>自由文本匹配名称、ID、标签和备注。限定词：{qualifiers}。用 - 取反，用 OR 组合，用 &gt; &lt; 比较（mem&gt;4G、cpu&gt;50%、uptime&gt;7d）。</translation>
    </message>
    <message>
        <source>Save as smart folder</source>
        <translation>保存为智能文件夹</translation>
    </message>
    <message>
        <source>Save this search as a smart folder</source>
        <translation>将此搜索保存为智能文件夹</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Column {column}: {problem}</source>
        <translation>第 {column} 列：{problem}</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The local cache could not be opened</source>
        <translation>无法打开本地缓存</translation>
    </message>
    <message>
        <source>Credentials are not available</source>
        <translation>凭据不可用</translation>
    </message>
</context>
<context>
    <name>StoragePane</name>
    <message>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Shared</source>
        <translation>共享</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>使用情况</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Storage on {node} · {cluster}</source>
        <translation>{node} 上的存储 · {cluster}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>This storage is empty.</source>
        <translation>此存储为空。</translation>
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
<context>
    <name>TaskDock</name>
    <message>
        <source>Select a task to see its log.</source>
        <translation>选择一个任务以查看其日志。</translation>
    </message>
    <message>
        <source>Stop task</source>
        <translation>停止任务</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>No log lines yet.</source>
        <translation>暂无日志行。</translation>
    </message>
    <message>
        <source>This task has no log lines.</source>
        <translation>此任务没有日志行。</translation>
    </message>
    <message>
        <source>Loading the log…</source>
        <translation>正在加载日志…</translation>
    </message>
</context>
<context>
    <name>TaskModel</name>
    <message>
        <source>VM start</source>
        <translation>虚拟机启动</translation>
    </message>
    <message>
        <source>VM stop</source>
        <translation>虚拟机停止</translation>
    </message>
    <message>
        <source>VM shutdown</source>
        <translation>虚拟机关机</translation>
    </message>
    <message>
        <source>VM reboot</source>
        <translation>虚拟机重启</translation>
    </message>
    <message>
        <source>VM reset</source>
        <translation>虚拟机重置</translation>
    </message>
    <message>
        <source>VM suspend</source>
        <translation>虚拟机挂起</translation>
    </message>
    <message>
        <source>VM resume</source>
        <translation>虚拟机恢复</translation>
    </message>
    <message>
        <source>VM pause</source>
        <translation>虚拟机暂停</translation>
    </message>
    <message>
        <source>VM clone</source>
        <translation>虚拟机克隆</translation>
    </message>
    <message>
        <source>VM create</source>
        <translation>虚拟机创建</translation>
    </message>
    <message>
        <source>VM destroy</source>
        <translation>虚拟机销毁</translation>
    </message>
    <message>
        <source>VM migrate</source>
        <translation>虚拟机迁移</translation>
    </message>
    <message>
        <source>VM snapshot</source>
        <translation>虚拟机快照</translation>
    </message>
    <message>
        <source>VM rollback</source>
        <translation>虚拟机回滚</translation>
    </message>
    <message>
        <source>VM delete snapshot</source>
        <translation>删除虚拟机快照</translation>
    </message>
    <message>
        <source>VM convert to template</source>
        <translation>虚拟机转换为模板</translation>
    </message>
    <message>
        <source>VM move disk</source>
        <translation>虚拟机移动磁盘</translation>
    </message>
    <message>
        <source>VM resize disk</source>
        <translation>虚拟机调整磁盘大小</translation>
    </message>
    <message>
        <source>Resize disk</source>
        <translation>调整磁盘大小</translation>
    </message>
    <message>
        <source>VM configure</source>
        <translation>虚拟机配置</translation>
    </message>
    <message>
        <source>VM remote migrate</source>
        <translation>虚拟机远程迁移</translation>
    </message>
    <message>
        <source>CT start</source>
        <translation>容器启动</translation>
    </message>
    <message>
        <source>CT stop</source>
        <translation>容器停止</translation>
    </message>
    <message>
        <source>CT shutdown</source>
        <translation>容器关机</translation>
    </message>
    <message>
        <source>CT reboot</source>
        <translation>容器重启</translation>
    </message>
    <message>
        <source>CT suspend</source>
        <translation>容器挂起</translation>
    </message>
    <message>
        <source>CT resume</source>
        <translation>容器恢复</translation>
    </message>
    <message>
        <source>CT create</source>
        <translation>容器创建</translation>
    </message>
    <message>
        <source>CT clone</source>
        <translation>容器克隆</translation>
    </message>
    <message>
        <source>CT destroy</source>
        <translation>容器销毁</translation>
    </message>
    <message>
        <source>CT migrate</source>
        <translation>容器迁移</translation>
    </message>
    <message>
        <source>CT snapshot</source>
        <translation>容器快照</translation>
    </message>
    <message>
        <source>CT rollback</source>
        <translation>容器回滚</translation>
    </message>
    <message>
        <source>CT delete snapshot</source>
        <translation>删除容器快照</translation>
    </message>
    <message>
        <source>CT convert to template</source>
        <translation>容器转换为模板</translation>
    </message>
    <message>
        <source>CT mount</source>
        <translation>容器挂载</translation>
    </message>
    <message>
        <source>CT unmount</source>
        <translation>容器卸载</translation>
    </message>
    <message>
        <source>HA migrate</source>
        <translation>HA 迁移</translation>
    </message>
    <message>
        <source>HA relocate</source>
        <translation>HA 重新定位</translation>
    </message>
    <message>
        <source>HA start</source>
        <translation>HA 启动</translation>
    </message>
    <message>
        <source>HA stop</source>
        <translation>HA 停止</translation>
    </message>
    <message>
        <source>Erase data</source>
        <translation>擦除数据</translation>
    </message>
    <message>
        <source>Copy data</source>
        <translation>复制数据</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Bulk start</source>
        <translation>批量启动</translation>
    </message>
    <message>
        <source>Bulk shutdown</source>
        <translation>批量关机</translation>
    </message>
    <message>
        <source>Bulk migrate</source>
        <translation>批量迁移</translation>
    </message>
    <message>
        <source>SPICE console</source>
        <translation>SPICE 控制台</translation>
    </message>
    <message>
        <source>SPICE shell</source>
        <translation>SPICE Shell</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Shell</source>
        <translation>Shell</translation>
    </message>
    <message>
        <source>Update package database</source>
        <translation>更新软件包数据库</translation>
    </message>
    <message>
        <source>Reload service</source>
        <translation>重新加载服务</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
</context>
<context>
    <name>VaultPrompter</name>
    <message>
        <source>Credential vault</source>
        <translation>凭据保险库</translation>
    </message>
    <message>
        <source>This system has no usable keyring. Choose a master password for the encrypted vault that will hold your cluster credentials:</source>
        <translation>此系统没有可用的密钥环。请为保存集群凭据的加密保险库设置主密码：</translation>
    </message>
    <message>
        <source>Master password of the credential vault:</source>
        <translation>凭据保险库的主密码：</translation>
    </message>
</context>
</TS>

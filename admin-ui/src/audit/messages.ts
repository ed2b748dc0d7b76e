/** Messages of the 审计校验 page (hash-chain verifier, issue #13). */
export const zhAudit = {
  resources: {
    'audit/verifications': {
      name: '审计校验',
      fields: {
        startedAt: '开始时间',
        trigger: '发起方式',
        ok: '结果',
        chainsChecked: '校验链数',
        rowsChecked: '校验记录数',
        breaks: '断裂位置',
        acknowledgedAt: '确认时间',
      },
    },
  },
  audit: {
    trigger: { schedule: '每晚定时', admin: '管理员', cli: '命令行' },
    ok: '完整',
    broken: '链条断裂',
    alert: '告警：审计链或案件事件链被改动，请立即核查。',
    open_alerts: '未确认的告警 %{count} 条',
    run: '立即校验',
    ran_ok: '校验完成：全部 %{chains} 条链完整',
    ran_broken: '校验发现 %{count} 处断裂',
    acknowledge: '确认告警',
    acknowledged: '已确认',
    chain: { audit_log: '审计日志', case_events: '案件事件' },
    break_audit: '审计日志第 %{rowId} 行：%{reason}',
    break_event: '案件 %{caseId} 第 %{seq} 条事件：%{reason}',
    none: '无',
  },
};

export const enAudit: typeof zhAudit = {
  resources: {
    'audit/verifications': {
      name: 'Audit verification',
      fields: {
        startedAt: 'Started',
        trigger: 'Started by',
        ok: 'Result',
        chainsChecked: 'Chains',
        rowsChecked: 'Rows',
        breaks: 'Breaks',
        acknowledgedAt: 'Acknowledged',
      },
    },
  },
  audit: {
    trigger: { schedule: 'Nightly schedule', admin: 'Administrator', cli: 'Command line' },
    ok: 'Intact',
    broken: 'Broken',
    alert: 'Alert: the audit trail or a case event chain was altered. Investigate now.',
    open_alerts: '%{count} open alerts',
    run: 'Verify now',
    ran_ok: 'Verified: all %{chains} chains intact',
    ran_broken: 'Verification found %{count} breaks',
    acknowledge: 'Acknowledge',
    acknowledged: 'Acknowledged',
    chain: { audit_log: 'Audit trail', case_events: 'Case events' },
    break_audit: 'Audit trail row %{rowId}: %{reason}',
    break_event: 'Case %{caseId} event #%{seq}: %{reason}',
    none: 'None',
  },
};

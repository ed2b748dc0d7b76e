/** Messages of the industry classification pages (行业分类). `en` is typed by `zh`, so the two cannot drift apart. */
export const zh = {
  resources: {
    industries: {
      name: '行业分类',
      fields: {
        id: '代码',
        code: '代码',
        name: '名称',
        parentCode: '所属大类',
        sortOrder: '排序',
        active: '启用',
        version: '版本',
        cityDepartment: '市级主管部门',
        countyDepartment: '县级主管部门',
        effectiveFrom: '部门对应生效日期',
        source: '依据',
      },
    },
  },
  industries: {
    title: '行业分类',
    category: '大类',
    sub: '小类',
    retired: '已停用',
    unmapped: '未指定',
    subs: '%{count} 个小类',
    scheduled: '%{date}起：%{level}%{name}',
    level: { city: '市级', county: '县级' },
    code_help: '创建后不能修改。大类如 coal_mine，小类写作“大类代码.小类代码”，如 coal_mine.underground',
    effective_help: '不早于今天；已登记的企业和在办案件不随之改变',
    source_help: '依据的文件或会议纪要（可选）',
    department_help: '如“应急管理局”“住房和城乡建设局”，各市、县的同名部门',
    versions: '历次版本',
    department_versions: '主管部门对应的历次版本',
    version_line: '第%{version}版 · %{at} · %{name}%{state}',
    department_line: '%{level}第%{version}版 · %{from}起 · %{name}',
  },
};

export const en: typeof zh = {
  resources: {
    industries: {
      name: 'Industry |||| Industries (categories and supervising departments)',
      fields: {
        id: 'Code',
        code: 'Code',
        name: 'Name',
        parentCode: 'Category',
        sortOrder: 'Order',
        active: 'Active',
        version: 'Version',
        cityDepartment: 'City department',
        countyDepartment: 'County department',
        effectiveFrom: 'Departments effective from',
        source: 'Basis',
      },
    },
  },
  industries: {
    title: 'Industries (categories and supervising departments)',
    category: 'Category',
    sub: 'Subcategory',
    retired: 'Retired',
    unmapped: 'Not set',
    subs: '%{count} subcategories',
    scheduled: 'From %{date}: %{level} %{name}',
    level: { city: 'City', county: 'County' },
    code_help:
      'Cannot be changed later. A category like coal_mine; a subcategory as "category.sub", e.g. coal_mine.underground',
    effective_help:
      'Not before today; enterprises already placed and running cases keep what they were given',
    source_help: 'The document or minutes it follows (optional)',
    department_help:
      'E.g. 应急管理局 or 住房和城乡建设局: the department of that name in each city and county',
    versions: 'Versions',
    department_versions: 'Versions of the department mapping',
    version_line: 'Version %{version} · %{at} · %{name}%{state}',
    department_line: '%{level} version %{version} · from %{from} · %{name}',
  },
};

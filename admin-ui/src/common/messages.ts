/** Messages of the shared building blocks (admin-ui/src/common): forms, upload box, phone cards. */
export const zhCommon = {
  brand: { operated_by: '主办单位：%{authority}' },
  login: {
    title: '用户登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    username_required: '请输入用户名',
    password_required: '请输入密码',
    network_error: '无法连接服务器，请检查网络后重试',
    help: '忘记密码或账号被锁定，请联系本单位系统管理员。',
  },
  forms: {
    hint: {
      max_length: '不超过%{max}个字',
      range: '%{min}至%{max}',
      above: '须大于%{min}',
      at_least: '不少于%{min}',
      max_items: '最多%{max}项',
      date_between: '可选 %{min} 至 %{max}',
      date_from: '不早于 %{min}',
      date_until: '不晚于 %{max}',
    },
    upload: {
      drop_several: '点击选择文件，或将文件拖到这里（可多选）',
      drop_one: '点击选择文件，或将文件拖到这里',
      accepts: '可上传：%{types}',
      refused: '未添加：%{names}。此处只接受%{types}',
      or: '或',
      types: {
        image: '图片（JPG、PNG、WebP）',
        pdf: 'PDF',
        word: 'Word（DOC、DOCX）',
        excel: 'Excel（XLS、XLSX）',
      },
    },
  },
};

export const enCommon: typeof zhCommon = {
  brand: { operated_by: 'Operated by %{authority}' },
  login: {
    title: 'Log in',
    username: 'Username',
    password: 'Password',
    submit: 'Log in',
    username_required: 'Enter your username',
    password_required: 'Enter your password',
    network_error: 'Cannot reach the server; check the network and try again',
    help: 'Forgotten password or locked account: ask your administrator.',
  },
  forms: {
    hint: {
      max_length: 'Up to %{max} characters',
      range: '%{min} to %{max}',
      above: 'More than %{min}',
      at_least: 'At least %{min}',
      max_items: 'Up to %{max} items',
      date_between: 'From %{min} to %{max}',
      date_from: 'Not before %{min}',
      date_until: 'Not after %{max}',
    },
    upload: {
      drop_several: 'Click to choose files, or drop them here',
      drop_one: 'Click to choose a file, or drop it here',
      accepts: 'Accepted: %{types}',
      refused: 'Not added: %{names}. Only %{types} are accepted here',
      or: ' or ',
      types: {
        image: 'images (JPG, PNG, WebP)',
        pdf: 'PDF',
        word: 'Word (DOC, DOCX)',
        excel: 'Excel (XLS, XLSX)',
      },
    },
  },
};

import { makeT, type Catalog } from '../../../shared/i18n.js';

const catalog = {
  vi: {
    title: 'Người dùng và vai trò',
    lead: 'Quản trị viên (Sở) quản lý mọi thứ; chuyên viên phân tích xem mọi kết quả nhưng không thay đổi gì; quản lý đơn vị chỉ xem và quản lý đơn vị của mình và các đơn vị trực thuộc.',
    search: 'Tìm theo email hoặc tên',
    role: 'Vai trò',
    all: 'Tất cả',
    role_admin: 'Quản trị viên',
    role_analyst: 'Chuyên viên phân tích',
    role_unit_manager: 'Quản lý đơn vị',
    email: 'Email',
    displayName: 'Họ tên',
    roles: 'Vai trò',
    status: 'Trạng thái',
    lastLogin: 'Đăng nhập gần nhất',
    active: 'Đang hoạt động',
    disabled: 'Đã khoá',
    mustChange: 'Chưa đổi mật khẩu ban đầu',
    loading: 'Đang tải danh sách người dùng…',
    empty: 'Không có người dùng nào khớp bộ lọc.',
    count: '{n} người dùng',
    newUser: 'Thêm người dùng',
    hideNew: 'Đóng',
    createTitle: 'Thêm người dùng',
    password: 'Mật khẩu ban đầu',
    passwordHint: 'Để trống để hệ thống tạo mật khẩu ngẫu nhiên. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu.',
    create: 'Tạo người dùng',
    creating: 'Đang tạo…',
    created: 'Đã tạo tài khoản {email}.',
    initialPassword: 'Mật khẩu ban đầu (chỉ hiện một lần — hãy chuyển cho người dùng qua kênh an toàn):',
    unit: 'Đơn vị',
    addRole: 'Thêm vai trò',
    removeRole: 'Bỏ vai trò này',
    noRoles: 'Không có vai trò nào: người dùng này không xem được dữ liệu nào.',
    editRoles: 'Sửa vai trò',
    saveRoles: 'Lưu vai trò',
    saving: 'Đang lưu…',
    cancel: 'Huỷ',
    rolesSaved: 'Đã lưu vai trò của {email}.',
    disable: 'Khoá',
    enable: 'Mở khoá',
    disabledDone: 'Đã khoá {email}; mọi phiên đăng nhập của người này đã kết thúc.',
    enabledDone: 'Đã mở khoá {email}.',
    reset: 'Cấp lại mật khẩu',
    resetDone: 'Mật khẩu mới của {email} (chỉ hiện một lần):',
    actions: 'Thao tác',
    never: 'Chưa đăng nhập',
    rename: 'Sửa tên/email',
    save: 'Lưu',
    updated: 'Đã cập nhật {email}.',
  },
  en: {
    title: 'Users and roles',
    lead: 'Administrators (the department) manage everything; analysts read every result but change nothing; unit managers see and manage only their units and sub-units.',
    search: 'Search by email or name',
    role: 'Role',
    all: 'All',
    role_admin: 'Administrator',
    role_analyst: 'Analyst',
    role_unit_manager: 'Unit manager',
    email: 'Email',
    displayName: 'Name',
    roles: 'Roles',
    status: 'Status',
    lastLogin: 'Last sign-in',
    active: 'Active',
    disabled: 'Disabled',
    mustChange: 'Initial password not changed yet',
    loading: 'Loading users…',
    empty: 'No user matches these filters.',
    count: '{n} users',
    newUser: 'Add a user',
    hideNew: 'Close',
    createTitle: 'Add a user',
    password: 'Initial password',
    passwordHint: 'Leave empty to generate a random one. The user must change it at first sign-in.',
    create: 'Create user',
    creating: 'Creating…',
    created: 'Account {email} created.',
    initialPassword: 'Initial password (shown only once — hand it to the user over a safe channel):',
    unit: 'Unit',
    addRole: 'Add a role',
    removeRole: 'Remove this role',
    noRoles: 'No roles: this user can see no data.',
    editRoles: 'Edit roles',
    saveRoles: 'Save roles',
    saving: 'Saving…',
    cancel: 'Cancel',
    rolesSaved: 'Roles of {email} saved.',
    disable: 'Disable',
    enable: 'Enable',
    disabledDone: '{email} disabled; all their sessions have ended.',
    enabledDone: '{email} enabled.',
    reset: 'New password',
    resetDone: 'New password of {email} (shown only once):',
    actions: 'Actions',
    never: 'Never',
    rename: 'Edit name/email',
    save: 'Save',
    updated: '{email} updated.',
  },
} satisfies Catalog<string>;

export type UsersKey = keyof typeof catalog.vi;
export const t = makeT<UsersKey>(catalog);

export const ROLES = ['admin', 'analyst', 'unit_manager'] as const;
export type Role = (typeof ROLES)[number];
export const roleLabel = (r: Role) => t(`role_${r}`);

export interface UserRole {
  role: Role;
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
}

export interface User {
  id: number;
  email: string;
  displayName: string;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  roles: UserRole[];
}

export interface RoleInput {
  role: Role;
  unitCode: string;
}

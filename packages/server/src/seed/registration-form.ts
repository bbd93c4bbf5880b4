/**
 * The registration form, shaped like Hikma Health's: the base columns of the
 * patients table, then extra attributes that devices store as
 * `patient_additional_attributes` rows. Labels in English, Arabic and Spanish.
 */

export interface RegistrationFormField {
  readonly id: string;
  readonly position: number;
  readonly column: string;
  readonly label: { readonly en: string; readonly ar: string; readonly es: string };
  readonly fieldType: 'text' | 'number' | 'select' | 'date' | 'boolean';
  readonly options: readonly { readonly en: string; readonly ar: string; readonly es: string }[];
  readonly required: boolean;
  readonly baseField: boolean;
  readonly visible: boolean;
  readonly isSearchField: boolean;
  readonly deleted: boolean;
}

type Label = RegistrationFormField['label'];
const label = (en: string, ar: string, es: string): Label => ({ en, ar, es });

function registrationField(
  position: number,
  column: string,
  text: Label,
  fieldType: RegistrationFormField['fieldType'],
  base: boolean,
  choices: Label[] = [],
): RegistrationFormField {
  return {
    id: base ? column : `attr-${column}`,
    position,
    column,
    label: text,
    fieldType,
    options: choices,
    required: base && ['given_name', 'surname', 'date_of_birth', 'sex'].includes(column),
    baseField: base,
    visible: true,
    isSearchField:
      base && ['given_name', 'surname', 'phone', 'external_patient_id'].includes(column),
    deleted: false,
  };
}

/** The base columns every Hikma registration form has, then this data set's extra attributes. */
export const registrationFields: readonly RegistrationFormField[] = [
  registrationField(0, 'given_name', label('Given name', 'الاسم', 'Nombre'), 'text', true),
  registrationField(1, 'surname', label('Surname', 'اسم العائلة', 'Apellido'), 'text', true),
  registrationField(
    2,
    'date_of_birth',
    label('Date of birth', 'تاريخ الميلاد', 'Fecha de nacimiento'),
    'date',
    true,
  ),
  registrationField(3, 'sex', label('Sex', 'الجنس', 'Sexo'), 'select', true, [
    label('male', 'ذكر', 'masculino'),
    label('female', 'أنثى', 'femenino'),
  ]),
  registrationField(
    4,
    'citizenship',
    label('Citizenship', 'الجنسية', 'Nacionalidad'),
    'text',
    true,
  ),
  registrationField(
    5,
    'hometown',
    label('Hometown', 'المدينة الأصلية', 'Ciudad de origen'),
    'text',
    true,
  ),
  registrationField(6, 'phone', label('Phone', 'الهاتف', 'Teléfono'), 'text', true),
  registrationField(7, 'camp', label('Camp', 'المخيم', 'Campamento'), 'text', true),
  registrationField(
    8,
    'government_id',
    label('Government ID', 'الرقم الوطني', 'Documento de identidad'),
    'text',
    true,
  ),
  registrationField(
    9,
    'external_patient_id',
    label('Patient number', 'رقم المريض', 'Número de paciente'),
    'text',
    true,
  ),
  registrationField(
    10,
    'marital_status',
    label('Marital status', 'الحالة الاجتماعية', 'Estado civil'),
    'select',
    false,
    [
      label('Single', 'أعزب', 'Soltero'),
      label('Married', 'متزوج', 'Casado'),
      label('Widowed', 'أرمل', 'Viudo'),
      label('Divorced', 'مطلق', 'Divorciado'),
    ],
  ),
  registrationField(
    11,
    'household_size',
    label('Household size', 'عدد أفراد الأسرة', 'Tamaño del hogar'),
    'number',
    false,
  ),
  registrationField(
    12,
    'blood_type',
    label('Blood type', 'فصيلة الدم', 'Tipo de sangre'),
    'select',
    false,
    [
      label('A+', 'A+', 'A+'),
      label('A-', 'A-', 'A-'),
      label('B+', 'B+', 'B+'),
      label('O+', 'O+', 'O+'),
      label('O-', 'O-', 'O-'),
      label('AB+', 'AB+', 'AB+'),
    ],
  ),
  registrationField(
    13,
    'has_disability',
    label('Has a disability', 'لديه إعاقة', 'Tiene discapacidad'),
    'boolean',
    false,
  ),
  registrationField(
    14,
    'arrival_date',
    label('Date of arrival', 'تاريخ الوصول', 'Fecha de llegada'),
    'date',
    false,
  ),
  registrationField(15, 'occupation', label('Occupation', 'المهنة', 'Ocupación'), 'text', false),
];

/** The registration fields stored as `patient_additional_attributes`. */
export const attributeFields = registrationFields.filter((f) => !f.baseField);

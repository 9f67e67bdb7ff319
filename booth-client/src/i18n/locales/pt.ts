import type { Messages } from './ja';

const pt: Messages = {
  meta: {
    name: 'Português',
    language: 'Idioma',
  },
  display: {
    textSize: 'Tamanho do texto',
    standard: 'Normal',
    large: 'Grande',
    largest: 'Muito grande',
    readAloud: 'Ler em voz alta',
    stop: 'Parar a leitura',
  },
  common: {
    back: 'Voltar',
    toStart: 'Voltar ao início',
    yes: 'Sim',
    no: 'Não',
    jaOnly: 'Este texto só está disponível em japonês.',
    easyJaOnly: 'Este texto só está disponível em japonês simples (やさしい日本語).',
    secondsToStart: 'Voltando ao início em {{seconds}} s',
  },
  attract: {
    title: 'Ajudamos com os procedimentos do cartão My Number por videochamada',
    start: 'Iniciar videochamada',
    touch: 'Toque na tela',
    invite: 'Toque para começar — em português',
  },
  language: {
    title: 'Escolha o idioma',
  },
  procedure: {
    title: 'Do que você precisa?',
    new_application: { title: 'Fazer o cartão pela primeira vez', detail: 'Novo pedido' },
    renewal: { title: 'Renovar o cartão', detail: 'Cartão vencendo ou vencido' },
    lost_reissue: { title: 'Perdi o meu cartão', detail: 'Segunda via por perda' },
    health_insurance: { title: 'Usar o cartão como seguro-saúde', detail: 'Registro como cartão do seguro-saúde' },
    bank_account: { title: 'Registrar conta para receber pagamentos públicos', detail: 'Conta para recebimento de verbas públicas' },
    other_mynaportal: { title: 'Outros procedimentos no Mynaportal', detail: 'Outras dúvidas' },
  },
  eligibility: {
    title: 'Por favor, confirme',
    progress: 'Pergunta {{current}} de {{total}}',
  },
  referral: {
    title: 'Faça este procedimento no balcão de atendimento',
    lead: 'Não podemos ajudar com isso por videochamada. Leia as orientações abaixo.',
  },
  consent: {
    title: 'Termos de uso e dados pessoais',
    lead: 'Leia o texto. Se concordar, toque em “Concordar e começar”.',
    terms: 'Termos de uso',
    privacy: 'Política de privacidade',
    scroll: 'Deslize para cima e para baixo para ler',
    agree: 'Concordar e começar',
    updated: 'Os documentos mudaram. Leia novamente, por favor.',
  },
  requesting: {
    title: 'Preparando a conexão',
  },
  waiting: {
    title: 'Conectando você a um atendente. Aguarde, por favor.',
    position: 'Sua posição na fila',
    positionValue: '{{position}}º',
    next: 'Você é o próximo',
    wait: 'Espera estimada',
    waitValue: 'Cerca de {{minutes}} min',
    soon: 'Em instantes',
    accepted: 'Um atendente respondeu. Conectando agora.',
    cancel: 'Cancelar',
    /** While waiting, nobody who could take the call is on duty any more. */
    noOperator:
      'No momento, não há nenhum atendente disponível para ajudar você. Você pode continuar esperando ou ir ao balcão de atendimento.',
    /** After a while without a touch: is anyone still there? */
    stillThere: {
      title: 'Você ainda está esperando?',
      stay: 'Sim, ainda estou aqui',
      giveUp: 'Se ninguém tocar na tela, o atendimento será cancelado em {{seconds}} s',
    },
  },
  /** Nobody who could take the call is on duty: said before the resident waits. */
  noOperator: {
    title: 'Não é possível conectar por videochamada agora',
    'not-served': 'No momento, não há atendente que possa ajudar com este procedimento no seu idioma.',
    'none-on-duty':
      'Os atendentes que podem ajudar com este procedimento estão em intervalo ou ausentes agora. Não sabemos quando voltarão.',
    where: 'Por favor, vá ao balcão de atendimento ou tente novamente mais tarde.',
  },
  call: {
    operator: 'Seu atendente',
    you: 'Você',
    operatorVideoPending: 'Aguardando o vídeo do atendente',
    end: 'Encerrar chamada',
    endConfirm: 'Encerrar a chamada?',
    endYes: 'Encerrar',
    endNo: 'Continuar',
    quality: {
      label: 'Conexão',
      excellent: 'Muito boa',
      good: 'Boa',
      poor: 'Fraca',
      lost: 'Interrompida',
      unknown: 'Verificando',
    },
    degraded: 'A conexão está fraca, por isso o vídeo foi reduzido',
    reconnecting: 'Reconectando. Aguarde, por favor.',
    connectFailed: 'Não conseguimos falar com o atendente. Aguarde aqui; se não conectar, o terminal volta à tela inicial.',
  },
  pin: {
    title: 'Digite a sua senha (PIN)',
    body: 'O atendente não está vendo a imagem da câmera',
    note: 'Nunca diga a sua senha a ninguém. O atendente nunca vai perguntar.',
    done: 'Terminei de digitar',
  },
  photo: {
    title: 'Foto do rosto',
    guide: 'Encaixe o rosto dentro da moldura',
    instructions: {
      straight: 'Olhe diretamente para a câmera',
      hat: 'Tire o chapéu ou boné',
      hair: 'Não deixe o cabelo cobrir o rosto',
      glasses: 'Evite reflexos nos óculos',
      expression: 'Boca fechada, expressão natural',
      still: 'Fique parado durante a foto',
    },
    countdown: 'Tirando a foto',
    taken: 'Foto tirada. O atendente está verificando.',
    failed: 'A foto não deu certo. Aguarde as orientações do atendente.',
    approvedTitle: 'Esta foto será usada no pedido',
    approvedBody: 'O atendente verificou a foto.',
  },
  guidance: {
    from: 'Pedido do atendente',
    close: 'Fechar',
    cards: {
      'card-ready': {
        title: 'Tenha o cartão My Number em mãos',
        body: 'Tire o cartão e deixe-o à mão.',
      },
      'scan-qr': {
        title: 'Mostre o código QR para a câmera',
        body: 'Segure o código QR do formulário de pedido parado na frente da câmera.',
      },
      'keep-pin-private': {
        title: 'A sua senha é secreta',
        body: 'Não diga a ninguém. O atendente nunca vai perguntar.',
      },
      'form-ready': {
        title: 'Tenha o formulário de pedido em mãos',
        body: 'É o papel com um código QR impresso.',
      },
      'look-at-camera': {
        title: 'Olhe para a câmera',
        body: 'Vamos tirar a sua foto. Olhe de frente e fique parado.',
      },
      'wait-a-moment': {
        title: 'Aguarde um momento',
        body: 'O atendente está verificando.',
      },
    },
  },
  closed: {
    title: 'Estamos fechados agora',
    next: 'Próximo atendimento',
    nextUnknown: 'Pergunte à prefeitura sobre o horário de atendimento.',
  },
  thanks: {
    title: 'Obrigado pela visita',
    body: 'Não esqueça os seus pertences.',
  },
  problem: {
    unavailable: {
      title: 'Não é possível conectar agora',
      body: 'Tente novamente daqui a pouco.',
    },
    'connection-lost': {
      title: 'A conexão caiu',
      body: 'Comece novamente desde o início.',
    },
  },
  idle: {
    title: 'Você ainda está aí?',
    continue: 'Continuar',
  },
  /** Staff switched the maintenance screen on (decision 0014). */
  maintenance: {
    title: 'Em manutenção',
    body: 'Aguarde um momento. Pedimos desculpas pelo transtorno.',
  },
  unavailable: {
    title: 'Temporariamente indisponível',
    body: 'Por causa de um problema de conexão, o atendimento por chamada de vídeo está suspenso.',
    goToCounter: 'Para o seu procedimento, dirija-se ao balcão de {{municipality}}.',
    goToCounterUnknown: 'Para o seu procedimento, dirija-se ao balcão da prefeitura onde você mora.',
    back: 'O atendimento volta sozinho assim que a conexão for restabelecida.',
  },
  device: {
    notProvisioned: {
      title: 'Este aparelho não está registrado',
      body: 'Peça ao administrador o link de registro.',
    },
  },
};

export default pt;
